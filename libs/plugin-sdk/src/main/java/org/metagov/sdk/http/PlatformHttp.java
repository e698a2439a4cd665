package org.metagov.sdk.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

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

    String FORM = "application/x-www-form-urlencoded";

    PlatformResponse get(String url, Map<String, String> headers);

    default PlatformResponse get(String url) {
        return get(url, Map.of());
    }

    /** POSTs {@code body} as {@code application/json}. */
    PlatformResponse postJson(String url, JsonNode body, Map<String, String> headers);

    /**
     * Any method (PUT, DELETE, PATCH...) with an optional body; {@code contentType} and {@code body} may be null for
     * none. The same checks and bounds as every other call.
     */
    PlatformResponse send(String method, String url, String contentType, byte[] body, Map<String, String> headers);

    default PlatformResponse delete(String url, Map<String, String> headers) {
        return send("DELETE", url, null, null, headers);
    }

    /** {@code method} with a form-encoded body: each value of a field is sent as one repeated field. */
    default PlatformResponse sendForm(String method, String url, Map<String, List<String>> form,
            Map<String, String> headers) {
        return send(method, url, FORM, formEncode(form).getBytes(StandardCharsets.UTF_8), headers);
    }

    /** The same client for URLs the operator set, whose addresses are not checked. Never for instance config. */
    PlatformHttp trusted();

    /** {@code a=1&b=x&b=y}, UTF-8 percent-encoded, in the map's order: a form body or a query string. */
    static String formEncode(Map<String, List<String>> fields) {
        StringJoiner joined = new StringJoiner("&");
        fields.forEach((name, values) -> {
            for (String value : values) {
                joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8));
            }
        });
        return joined.toString();
    }
}
