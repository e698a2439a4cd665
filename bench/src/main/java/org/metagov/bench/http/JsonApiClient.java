package org.metagov.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The JDK's HTTP/1.1 client against one base URL, for benches that measure request by request rather than at a
 * rate (bench/process, bench/metastore): JSON bodies as strings, headers sent with every request (a token, Accept).
 */
public final class JsonApiClient {
    private final HttpClient http;
    private final String base;
    private final Duration requestTimeout;
    private final Map<String, String> headers;

    public JsonApiClient(String base, Duration connectTimeout, Duration requestTimeout, Map<String, String> headers) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .build();
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.headers = Map.copyOf(headers);
    }

    /** {@code method base+path}; a non-null body is sent as application/json; extra headers may be null. */
    public HttpResponse<String> send(String method, String path, String body, Map<String, String> extra)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout);
        headers.forEach(request::header);
        if (extra != null) {
            extra.forEach(request::header);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
