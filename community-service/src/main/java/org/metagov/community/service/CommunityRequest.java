package org.metagov.community.service;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.schema.JsonSchemas;
import org.metagov.web.ApiException;

/** A community body as the driver sends it (seed 002/003), checked for shape before anything is looked up. */
public record CommunityRequest(String name, String readableName, List<PluginRequest> plugins) {

    public static final String SLUG_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";

    public record PluginRequest(String name, ObjectNode config) {
    }

    private static final JsonNode SHAPE = read("""
            {"type": "object", "additionalProperties": false,
             "properties": {
               "name": {"type": "string", "pattern": "%s"},
               "readable_name": {"type": ["string", "null"], "maxLength": 500},
               "plugins": {"type": "array", "maxItems": 100, "items": {
                 "type": "object", "additionalProperties": false, "required": ["name"],
                 "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100},
                                "config": {"type": ["object", "null"]}}}}}}""".formatted(SLUG_PATTERN));

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final JsonNode PLUGIN_SHAPE = read("""
            {"type": "object", "additionalProperties": false,
             "properties": {"config": {"type": ["object", "null"]}}}""");

    /** The body of Metagov's {@code POST /api/internal/plugin/{name}}: {@code {"config": {...}}}. */
    public static PluginRequest parsePlugin(String pluginName, JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new PluginRequest(pluginName, Json.object());
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        List<String> errors = JsonSchemas.validate(PLUGIN_SHAPE, body);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid plugin request", errors);
        }
        JsonNode config = body.path("config");
        return new PluginRequest(pluginName, config.isObject() ? (ObjectNode) config.deepCopy() : Json.object());
    }

    public static CommunityRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        List<String> errors = JsonSchemas.validate(SHAPE, body);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid community", errors);
        }
        List<PluginRequest> plugins = new ArrayList<>();
        for (JsonNode p : body.path("plugins")) {
            JsonNode config = p.path("config");
            plugins.add(new PluginRequest(p.path("name").asText(),
                    config.isObject() ? (ObjectNode) config.deepCopy() : Json.object()));
        }
        JsonNode name = body.path("name");
        JsonNode readable = body.path("readable_name");
        return new CommunityRequest(name.isTextual() ? name.asText() : null,
                readable.isTextual() ? readable.asText() : "", plugins);
    }
}
