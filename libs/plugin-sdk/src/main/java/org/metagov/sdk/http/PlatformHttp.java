package org.metagov.sdk.http;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one HTTP client a plugin uses to call its platform ({@code http()} in a plugin). URLs built from instance config
 * (a {@code server_url}, a webhook target) are checked against the platform's outbound address policy: no loopback,
 * private, link-local or multicast targets unless the operator allowed them. URLs the operator set (an environment
 * variable read by the plugin, a fixed public API) go through {@link #trusted()}. Every call is bounded in time
 * (connect and whole call), in body size, and waits out a 429 when its Retry-After fits in the time; redirects are
 * failures. Failures arrive as {@link org.metagov.sdk.PluginException}: a refused URL is the caller's mistake (400),
 * the rest the platform's (502), each with a message that names the host and what happened.
 */
public interface PlatformHttp {

    PlatformResponse get(String url, Map<String, String> headers);

    default PlatformResponse get(String url) {
        return get(url, Map.of());
    }

    /** POSTs {@code body} as {@code application/json}. */
    PlatformResponse postJson(String url, JsonNode body, Map<String, String> headers);

    /** The same client for URLs the operator set, whose addresses are not checked. Never for instance config. */
    PlatformHttp trusted();
}
