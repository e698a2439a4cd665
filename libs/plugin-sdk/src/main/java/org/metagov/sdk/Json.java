package org.metagov.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.EventJson;

/** JSON helpers for plugin authors. */
public final class Json {
    public static final ObjectMapper MAPPER = EventJson.MAPPER;

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode of(Object value) {
        return MAPPER.valueToTree(value);
    }
}
