package org.metagov.community.service;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.schema.JsonSchemas;
import org.metagov.web.ApiException;

/**
 * A community body as the driver sends it (upstream Metagov's fields, seed 002/003's {@code name} too), checked for
 * shape before anything is looked up. {@code slug} is null when the body names none; {@code readableName} null when
 * the body leaves it out (a PUT then keeps the stored one); a missing {@code plugins} is the empty list (a PUT then
 * disables every plugin, as upstream).
 */
public record CommunityRequest(String slug, String readableName, List<PluginRequest> plugins) {

    public static final String SLUG_PATTERN = org.metagov.events.CommunitySlug.PATTERN;

    /** One plugin entry; {@code communityPlatformId} is null when the entry gives none. */
    public record PluginRequest(String name, ObjectNode config, String communityPlatformId) {
    }

    /** A platform id as given: a string or an integer, 1 to 255 characters. */
    static final String PLATFORM_ID_SHAPE = """
            {"type": ["string", "integer", "null"], "minLength": 1, "maxLength": 255}""";

    // id, community and auth_type are what a GET returns: a body read back and sent again is accepted, as upstream
    private static final JsonNode SHAPE = read("""
            {"type": "object", "additionalProperties": false,
             "properties": {
               "slug": {"type": "string", "pattern": "%1$s"},
               "name": {"type": "string", "pattern": "%1$s"},
               "readable_name": {"type": ["string", "null"], "maxLength": 500},
               "plugins": {"type": ["array", "null"], "maxItems": 100, "items": {
                 "type": "object", "additionalProperties": false, "required": ["name"],
                 "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100},
                                "config": {"type": ["object", "null"]},
                                "community_platform_id": %2$s,
                                "id": {}, "community": {}, "auth_type": {}}}}}}"""
            .formatted(SLUG_PATTERN, PLATFORM_ID_SHAPE));

    static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static CommunityRequest parse(ObjectNode body) {
        List<String> errors = JsonSchemas.validate(SHAPE, body);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid community", errors);
        }
        String slug = text(body.path("slug"));
        String name = text(body.path("name"));
        if (slug != null && name != null && !slug.equals(name)) {
            throw ApiException.badRequest("The body's slug '" + slug + "' and name '" + name + "' differ",
                    List.of("slug", "name"));
        }
        List<PluginRequest> plugins = new ArrayList<>();
        for (JsonNode p : body.path("plugins")) {
            JsonNode config = p.path("config");
            plugins.add(new PluginRequest(p.path("name").asText(),
                    config.isObject() ? (ObjectNode) config.deepCopy() : Json.object(),
                    text(p.path("community_platform_id"))));
        }
        return new CommunityRequest(slug != null ? slug : name, text(body.path("readable_name")), plugins);
    }

    /**
     * The body of upstream's {@code POST /api/internal/plugin/{name}}: the bare config object. Our earlier
     * {@code {"config": {...}}} form is still read where it cannot be a config: exactly one key {@code config} with an
     * object value, in a plugin whose schema has no {@code config} property.
     */
    public static PluginRequest parsePlugin(String pluginName, ObjectNode body, JsonNode configSchema,
            String platformIdQuery) {
        JsonNode inner = body.get("config");
        boolean wrapped = body.size() == 1 && inner != null && inner.isObject()
                && !(configSchema != null && configSchema.path("properties").has("config"));
        ObjectNode config = wrapped ? (ObjectNode) inner : body;
        return new PluginRequest(pluginName, config.deepCopy(), platformId(platformIdQuery));
    }

    /** A {@code ?community_platform_id=} as given on the per-plugin POST; null when absent. */
    public static String platformId(String queryValue) {
        if (queryValue == null) {
            return null;
        }
        if (queryValue.isEmpty() || queryValue.length() > 255) {
            throw ApiException.badRequest("Query parameter community_platform_id must be 1 to 255 characters",
                    List.of("community_platform_id"));
        }
        return queryValue;
    }

    private static String text(JsonNode node) {
        return node.isTextual() || node.isIntegralNumber() ? node.asText() : null;
    }
}
