package org.metagov.community.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.community.repository.AccountFilter;
import org.metagov.events.EventJson;
import org.metagov.web.ApiException;
import org.metagov.web.JsonBodies;

/**
 * Reads the identity endpoints' JSON bodies and query strings, with upstream's field names. Every mistake is a 400
 * naming the field; unknown fields and parameters are refused, so a misspelt filter cannot widen a result.
 */
public final class IdentityInput {

    /** Ids are below 2^53, so every JSON reader holds them exactly. */
    public static final long MAX_ID = (1L << 53) - 1;
    public static final Set<String> LINK_TYPES = Set.of("oauth", "manual admin", "email matching", "unknown");
    public static final Set<String> LINK_QUALITIES = Set.of("confirmed (strong)", "confirmed (weak)", "unconfirmed",
            "unknown");
    static final Set<String> FILTERS = Set.of("platform_type", "community_platform_id", "platform_identifier",
            "link_type", "link_quality");

    private IdentityInput() {
    }

    /** A JSON object body, whatever the Content-Type (as upstream), with only the allowed fields. */
    public static ObjectNode body(byte[] raw, Set<String> allowed) {
        ObjectNode node = JsonBodies.object(raw);
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Unknown field(s) " + unknown + "; expected some of " + allowed, unknown);
        }
        return node;
    }

    /** The query parameters, each given at most once, only the allowed ones. */
    public static Map<String, String> query(Map<String, List<String>> parameters, Set<String> allowed) {
        List<String> unknown = parameters.keySet().stream().filter(p -> !allowed.contains(p)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Unknown query parameter(s) " + unknown + "; expected some of " + allowed,
                    unknown);
        }
        Map<String, String> single = new java.util.HashMap<>();
        parameters.forEach((name, values) -> {
            if (values.size() > 1) {
                throw ApiException.badRequest("Query parameter '" + name + "' is given more than once", List.of(name));
            }
            single.put(name, values.get(0));
        });
        return single;
    }

    public static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null || value.isEmpty()) {
            throw missing(field);
        }
        return value;
    }

    /** A string field; absent, null or "" is null (no platform id equals an empty one). */
    public static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return value.asText().isEmpty() ? null : value.asText();
    }

    public static long requiredId(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw missing(field);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "an integer id", value);
        }
        return value.asLong();
    }

    public static int count(JsonNode body, int max) {
        JsonNode value = body.get("count");
        if (value == null || value.isNull()) {
            return 1;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1 || value.asInt() > max) {
            throw ApiException.badRequest("'count' must be an integer from 1 to " + max + ", got " + value,
                    List.of("count"));
        }
        return value.asInt();
    }

    /** {@code custom_data}: a JSON object, {@code {}} when absent. */
    public static ObjectNode customData(JsonNode body) {
        JsonNode value = body.get("custom_data");
        if (value == null || value.isNull()) {
            return EventJson.MAPPER.createObjectNode();
        }
        if (!value.isObject()) {
            throw wrongType("custom_data", "a JSON object", value);
        }
        return (ObjectNode) value;
    }

    /** {@code link_type} or {@code link_quality}: one of upstream's choices, {@code "unknown"} when absent. */
    public static String choice(String field, String value, Set<String> choices) {
        if (value == null) {
            return "unknown";
        }
        if (!choices.contains(value)) {
            throw ApiException.badRequest("'" + field + "' must be one of " + new java.util.TreeSet<>(choices)
                    + ", got '" + value + "'", List.of(field));
        }
        return value;
    }

    public static String requiredParameter(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw missing(name);
        }
        return value;
    }

    public static long idParameter(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be an integer id, got '" + value + "'", List.of(name));
        }
    }

    /** The filters of get_users and filter_users_by_account; an absent or empty value does not filter. */
    public static AccountFilter filter(Map<String, String> query) {
        return new AccountFilter(blankToNull(query.get("platform_type")),
                blankToNull(query.get("community_platform_id")), blankToNull(query.get("platform_identifier")),
                blankToNull(query.get("link_type")), blankToNull(query.get("link_quality")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static ApiException missing(String field) {
        return ApiException.badRequest("Missing required field '" + field + "'", List.of(field));
    }

    private static ApiException wrongType(String field, String expected, JsonNode got) {
        return ApiException.badRequest("'" + field + "' must be " + expected + ", got " + got.getNodeType()
                .toString().toLowerCase(java.util.Locale.ROOT) + " " + abbreviated(got), List.of(field));
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
