package org.metagov.community.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.CommunitySlug;
import org.metagov.events.EventFilter;
import org.metagov.web.ApiException;
import org.metagov.web.JsonBodies;
import org.metagov.webhooks.WebhookSecret;

/**
 * A subscription's fields as a create or a change sends them: {@code url} (absolute http(s), at most 2000
 * characters; the address policy is the service's check), {@code secret} (a {@code whsec_<base64>} or plain string
 * of 16..200 characters), {@code communities} (up to 100 slugs) and {@code event_types} (up to 50 filters
 * {@code <source>.<event_type>} or {@code <source>.*}); null where a change leaves a field as it is.
 */
public record SubscriptionRequest(String url, String secret, List<String> communities, List<String> eventTypes) {

    static final int MAX_URL = 2000;
    static final int MAX_COMMUNITIES = 100;
    static final int MAX_EVENT_TYPES = 50;
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 200;
    private static final Set<String> FIELDS = Set.of("url", "secret", "communities", "event_types");

    public static SubscriptionRequest forCreate(byte[] body) {
        SubscriptionRequest request = parse(body);
        if (request.url == null) {
            throw ApiException.badRequest("url is required", List.of(problem("url", "missing")));
        }
        return new SubscriptionRequest(request.url, request.secret,
                request.communities == null ? List.of() : request.communities,
                request.eventTypes == null ? List.of() : request.eventTypes);
    }

    public static SubscriptionRequest forChange(byte[] body) {
        SubscriptionRequest request = parse(body);
        if (request.url == null && request.secret == null && request.communities == null
                && request.eventTypes == null) {
            throw ApiException.badRequest("Send at least one of url, secret, communities, event_types");
        }
        return request;
    }

    private static SubscriptionRequest parse(byte[] body) {
        ObjectNode json = JsonBodies.object(body);
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("Unknown field " + field, List.of(problem(field, "unknown")));
            }
        }
        return new SubscriptionRequest(url(json.get("url")), secret(json.get("secret")),
                communities(json.get("communities")), eventTypes(json.get("event_types")));
    }

    private static String url(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_URL) {
            throw ApiException.badRequest("url must be an http or https URL of at most " + MAX_URL + " characters",
                    List.of(problem("url", "invalid")));
        }
        return node.asText().strip();
    }

    private static String secret(JsonNode node) {
        if (node == null) {
            return null;
        }
        String text = node.isTextual() ? node.asText() : null;
        boolean fits = text != null && text.length() >= MIN_SECRET && text.length() <= MAX_SECRET;
        if (fits) {
            try {
                WebhookSecret.parse(text, "secret");
            } catch (IllegalArgumentException e) {
                fits = false;
            }
        }
        if (!fits) {
            // the message never repeats the value: it is a secret
            throw ApiException.badRequest("secret must be a string of " + MIN_SECRET + " to " + MAX_SECRET
                    + " characters, best whsec_ and the base64 of 32 random bytes", List.of(problem("secret", "invalid")));
        }
        return text;
    }

    private static List<String> communities(JsonNode node) {
        List<String> slugs = strings(node, "communities", MAX_COMMUNITIES);
        if (slugs != null) {
            for (String slug : slugs) {
                if (!CommunitySlug.isValid(slug)) {
                    throw ApiException.badRequest("communities: '" + slug + "' is not a community slug",
                            List.of(Map.of("field", "communities", "problem", "invalid", "value", slug)));
                }
            }
        }
        return slugs;
    }

    private static List<String> eventTypes(JsonNode node) {
        List<String> patterns = strings(node, "event_types", MAX_EVENT_TYPES);
        if (patterns != null) {
            try {
                return EventFilter.of(patterns).patterns();
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_filter", e.getMessage(),
                        List.of(problem("event_types", "invalid")));
            }
        }
        return null;
    }

    /** A JSON array of strings, without repetitions, in the order sent; null when absent. */
    private static List<String> strings(JsonNode node, String field, int max) {
        if (node == null) {
            return null;
        }
        if (!node.isArray() || node.size() > max) {
            throw ApiException.badRequest(field + " must be an array of at most " + max + " strings",
                    List.of(problem(field, "invalid")));
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw ApiException.badRequest(field + " must hold strings only", List.of(problem(field, "invalid")));
            }
            values.add(item.asText());
        }
        return List.copyOf(new ArrayList<>(values));
    }

    private static Map<String, String> problem(String field, String problem) {
        return Map.of("field", field, "problem", problem);
    }
}
