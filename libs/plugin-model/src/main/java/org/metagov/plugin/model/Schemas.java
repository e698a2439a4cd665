package org.metagov.plugin.model;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.events.EventJson;

/** JSON Schema resources that sit beside a plugin or process class, named in its annotations. */
public final class Schemas {

    private Schemas() {
    }

    /** The schema named {@code resource} beside {@code type}; an empty name means none (null). */
    public static JsonNode beside(Class<?> type, String resource) {
        if (resource == null || resource.isEmpty()) {
            return null;
        }
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(type.getName() + ": schema resource '" + resource
                        + "' not found beside the class");
            }
            return EventJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(type.getName() + ": unreadable schema " + resource, e);
        }
    }
}
