package org.metagov.community.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.events.EventJson;
import org.metagov.web.ApiException;

/**
 * A driver account's fields as a create or a change sends them: {@code name} (1..200 characters) and
 * {@code redirect_uris} (up to 20 absolute http(s) URI prefixes); null where a change leaves a field as it is.
 */
public record DriverRequest(String name, List<String> redirectUris) {

    static final int MAX_NAME = 200;
    static final int MAX_REDIRECT_URIS = 20;
    private static final Set<String> FIELDS = Set.of("name", "redirect_uris");

    public static DriverRequest forCreate(byte[] body) {
        DriverRequest request = parse(body);
        if (request.name == null) {
            throw ApiException.badRequest("name is required", List.of(Map.of("field", "name", "problem", "missing")));
        }
        return new DriverRequest(request.name, request.redirectUris == null ? List.of() : request.redirectUris);
    }

    public static DriverRequest forChange(byte[] body) {
        DriverRequest request = parse(body);
        if (request.name == null && request.redirectUris == null) {
            throw ApiException.badRequest("Send name, redirect_uris or both");
        }
        return request;
    }

    private static DriverRequest parse(byte[] body) {
        JsonNode json;
        try {
            json = body == null || body.length == 0 ? null : EventJson.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new ApiException(400, "malformed_json", "The body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("Unknown field " + field, List.of(Map.of("field", field,
                        "problem", "unknown")));
            }
        }
        return new DriverRequest(name(json.get("name")), uris(json.get("redirect_uris")));
    }

    private static String name(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_NAME) {
            throw ApiException.badRequest("name must be a non-blank string of at most " + MAX_NAME + " characters",
                    List.of(Map.of("field", "name", "problem", "invalid")));
        }
        return node.asText().strip();
    }

    private static List<String> uris(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isArray() || node.size() > MAX_REDIRECT_URIS) {
            throw ApiException.badRequest("redirect_uris must be an array of at most " + MAX_REDIRECT_URIS + " URIs",
                    List.of(Map.of("field", "redirect_uris", "problem", "invalid")));
        }
        List<String> uris = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !absoluteHttp(item.asText())) {
                throw ApiException.badRequest("Every redirect_uris entry must be an absolute http or https URI",
                        List.of(Map.of("field", "redirect_uris", "problem", "invalid", "value", item.toString())));
            }
            uris.add(item.asText());
        }
        return List.copyOf(uris);
    }

    private static boolean absoluteHttp(String text) {
        try {
            URI uri = new URI(text);
            return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && text.length() <= 2000;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
