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
 *
 * <p>{@code authType} and {@code platformIdKey} are what drivers read as {@code auth_type} and
 * {@code community_platform_id} (upstream Metagov's names): how a community installs the plugin, and which config
 * property holds the community's id on the platform (GitHub's {@code installation_id}, Slack's {@code team_id}).
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

    /** How a community installs the plugin; drivers show an API-key form or send the user to OAuth accordingly. */
    AuthType authType() default AuthType.NONE;

    /**
     * Name of the top-level config property whose value identifies the community on the platform (its
     * {@code community_platform_id}); empty when the platform has no such id. It must be a property of the schema.
     */
    String platformIdKey() default "";

    /**
     * Top-level config properties whose change resets the instance's state (its state is dropped and
     * {@code initialize()} runs again, as for a new instance; the id stays). Any other change keeps the state and
     * calls {@code onConfigChange(old, new)}. Each must be a property of the schema.
     */
    String[] resetStateOn() default {};

    /** Upstream Metagov's auth types, with their wire names. */
    enum AuthType {
        NONE("none"), API_KEY("api_key"), OAUTH("oauth");

        private final String wireName;

        AuthType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
