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

    /** This response when it is a 2xx; otherwise a failure (502) naming the host and its status. */
    public PlatformResponse requireSuccess() {
        if (!isSuccess()) {
            throw PluginException.failure("Host '" + host + "' answered " + status
                    + (status == 429 ? " (too many requests)" : ""), null);
        }
        return this;
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
