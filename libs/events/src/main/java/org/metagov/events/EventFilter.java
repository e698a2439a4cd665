package org.metagov.events;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which events a subscription receives: {@code <source>.<event_type>} (exactly that type) or {@code <source>.*}
 * (every type of the source). No patterns, or {@link #ALL}, matches every event.
 */
public final class EventFilter {

    public static final EventFilter ALL = new EventFilter(List.of());

    /** The names plugins and event types use: lower-case letters, digits, '_' and '-'. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final List<String> patterns;

    private EventFilter(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /**
     * @throws IllegalArgumentException naming the first pattern that is not {@code <source>.<event_type>} or
     *         {@code <source>.*}
     */
    public static EventFilter of(List<String> patterns) {
        for (String pattern : patterns) {
            check(pattern);
        }
        return new EventFilter(patterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).distinct().toList());
    }

    private static void check(String pattern) {
        int dot = pattern == null ? -1 : pattern.indexOf('.');
        if (dot < 0 || pattern.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("event type filter " + quoted(pattern)
                    + " must be <source>.<event_type> or <source>.*");
        }
        String source = pattern.substring(0, dot).toLowerCase(Locale.ROOT);
        String type = pattern.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!NAME.matcher(source).matches()) {
            throw new IllegalArgumentException("event type filter " + quoted(pattern) + ": " + quoted(source)
                    + " is not a source name (no wildcards in the source)");
        }
        if (!type.equals("*") && !NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("event type filter " + quoted(pattern) + ": " + quoted(type)
                    + " is neither an event type nor *");
        }
    }

    public boolean matches(String source, String eventType) {
        if (patterns.isEmpty()) {
            return true;
        }
        if (source == null || eventType == null) {
            return false;
        }
        String s = source.toLowerCase(Locale.ROOT);
        String exact = s + "." + eventType.toLowerCase(Locale.ROOT);
        String wildcard = s + ".*";
        return patterns.stream().anyMatch(p -> p.equals(exact) || p.equals(wildcard));
    }

    public List<String> patterns() {
        return patterns;
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventFilter f && f.patterns.equals(patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return patterns.isEmpty() ? "*" : String.join(",", patterns);
    }
}
