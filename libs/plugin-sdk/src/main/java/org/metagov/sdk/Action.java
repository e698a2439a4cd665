package org.metagov.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exposes a plugin method as {@code POST /api/internal/action/<plugin>.<slug>}. The method takes the validated
 * parameters ({@code JsonNode}) or nothing, and returns a value Jackson can write (validated against the output
 * schema). Throw {@link PluginException#badRequest} for mistakes of the caller.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Action {
    String slug();

    String description() default "";

    /** Resource name of the parameters' JSON Schema beside the plugin class; empty: any object. */
    String inputSchema() default "";

    /** Resource name of the result's JSON Schema beside the plugin class; empty: not checked. */
    String outputSchema() default "";

    /** Also served without driver authentication at {@code /api/action/<plugin>.<slug>}. */
    boolean isPublic() default false;
}
