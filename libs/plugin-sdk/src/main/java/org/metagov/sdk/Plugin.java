package org.metagov.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Stereotype;

/**
 * Marks a class extending {@link PluginBase} as a plugin. The runner finds every such class by itself (it is a CDI
 * stereotype), so adding a plugin is adding one package. Each enabled community gets its own instance.
 *
 * <p>{@code configSchema} names a JSON Schema resource beside the class (same package); properties marked
 * {@code "writeOnly": true} are secrets, never returned by a GET.
 */
@Stereotype
@Dependent
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Plugin {
    /** Unique slug of the plugin, as in {@code /api/internal/action/<name>.<slug>}. */
    String name();

    String description() default "";

    /** Resource name of the config JSON Schema, relative to the plugin class; empty means no configuration. */
    String configSchema() default "";
}
