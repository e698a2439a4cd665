package org.metagov.outbound;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call: method, URL, headers, body. {@code trusted} marks a URL the operator set (an environment variable, a
 * base URL in the service's config): its addresses are not checked. Every URL that comes from a caller stays
 * untrusted. {@code timeout} bounds the whole call, 429 retries included; null means the client's default.
 */
public record OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body, boolean trusted,
        Duration timeout) {

    public OutboundRequest {
        headers = Map.copyOf(headers);
    }

    public static OutboundRequest get(URI uri) {
        return new OutboundRequest("GET", uri, Map.of(), null, false, null);
    }

    public static OutboundRequest post(URI uri, String contentType, byte[] body) {
        return new OutboundRequest("POST", uri, Map.of("Content-Type", contentType), body, false, null);
    }

    public OutboundRequest header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new OutboundRequest(method, uri, copy, body, trusted, timeout);
    }

    /** For URLs the operator set: no address check. */
    public OutboundRequest asTrusted() {
        return new OutboundRequest(method, uri, headers, body, true, timeout);
    }

    public OutboundRequest timeout(Duration budget) {
        return new OutboundRequest(method, uri, headers, body, trusted, budget);
    }
}
