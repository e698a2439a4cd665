package org.metagov.sdk.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;

/** A platform's complete answer; any status but a redirect (a 429 the call could not wait out included). */
public record PlatformResponse(String host, int status, Map<String, List<String>> headers, byte[] body) {

    public boolean isSuccess() {
        return status / 100 == 2;
    }

    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return Optional.of(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /** Longest error body kept as text in {@link #platformError()}. */
    static final int MAX_ERROR_TEXT = 2000;

    /**
     * This response when it is a 2xx; otherwise a failure (502) naming the host and its status, with what the
     * platform answered in its {@link PluginException#details()} (a 4xx says why the platform refused).
     */
    public PlatformResponse requireSuccess() {
        if (!isSuccess()) {
            throw PluginException.platformFailure("Host '" + host + "' answered " + status
                    + (status == 429 ? " (too many requests)" : ""), platformError());
        }
        return this;
    }

    /**
     * The body as the platform's error for an error's {@code details}: its JSON when it is JSON, else its text (cut
     * at 2000 characters); empty when there is no body.
     */
    public List<Object> platformError() {
        if (body.length == 0) {
            return List.of();
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json != null && !json.isMissingNode()) {
                return List.of(json);
            }
        } catch (IOException notJson) {
            // kept as text below
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? List.of() : List.of(text.length() > MAX_ERROR_TEXT
                ? text.substring(0, MAX_ERROR_TEXT) + "..." : text);
    }

    /** The body as JSON; a failure (502) when it is not JSON. */
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw PluginException.failure("The answer of host '" + host + "' is not valid JSON", null);
        }
    }
}
