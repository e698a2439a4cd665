package org.metagov.dispatcher.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.dispatcher.config.DispatcherConfig;

/**
 * POSTs one event to the driver's receiver. The JDK client suits the dispatcher's blocking consumer threads and
 * needs no dependency; it never follows redirects, so a 3xx comes back as the response it is (a failure).
 */
@ApplicationScoped
public class ReceiverClient {

    private final HttpClient http;
    private final DispatcherConfig config;

    public ReceiverClient(DispatcherConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-http receivers
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout())
                .build();
    }

    /**
     * @throws java.net.http.HttpTimeoutException when connecting or the response headers take too long
     * @throws IOException when the connection fails
     */
    public ReceiverResponse post(URI url, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "metagov-event-dispatcher")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        // a 2xx body is drained unread so the connection is reused; an error body is read only as far as we keep it
        HttpResponse<InputStream> response = http.send(request.build(),
                info -> info.statusCode() / 100 == 2
                        ? BodySubscribers.replacing(InputStream.nullInputStream())
                        : BodySubscribers.ofInputStream());
        String prefix;
        try (InputStream in = response.body()) {
            prefix = new String(in.readNBytes(config.responseBodyLimit()), StandardCharsets.UTF_8);
        }
        return new ReceiverResponse(response.statusCode(), prefix,
                response.headers().firstValue("Retry-After").orElse(null),
                response.headers().firstValue("Location").orElse(null));
    }
}
