package org.metagov.events;

import java.util.Optional;

/**
 * A plugin's action or process as drivers name it, {@code <plugin>.<name>} (seed 003), parsed in this one place.
 * The plugin is what comes before the first dot.
 */
public record QualifiedName(String plugin, String name) {

    public QualifiedName {
        if (plugin == null || plugin.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("expected <plugin>.<name>");
        }
    }

    /** Empty when {@code text} is not {@code <plugin>.<name>} with both parts non-empty. */
    public static Optional<QualifiedName> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new QualifiedName(text.substring(0, dot), text.substring(dot + 1)));
    }

    @Override
    public String toString() {
        return plugin + "." + name;
    }
}
