package org.metagov.bench.http;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One-off calls for setup and control (not measured): a fresh connection each, closed after the answer. */
public final class SetupCalls {
    private SetupCalls() {
    }

    public static Response call(String method, String url, Map<String, String> headers, String body)
            throws IOException {
        URI uri = URI.create(url);
        String pq = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Map<String, String> h = new LinkedHashMap<>();
        if (headers != null) {
            h.putAll(headers);
        }
        h.put("Connection", "close");
        if (body != null) {
            h.putIfAbsent("Content-Type", "application/json");
        }
        try (KeepAliveConnection http = new KeepAliveConnection(uri, 30_000)) {
            return http.exchange(KeepAliveConnection.request(method, uri, pq, h,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
