package org.metagov.dispatcher.client;

import java.io.IOException;
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
        // no body is read, whatever the status: none is kept (a receiver may be an internal service)
        HttpResponse<Void> response = http.send(request.build(), info -> BodySubscribers.replacing(null));
        return new ReceiverResponse(response.statusCode(),
                response.headers().firstValue("Retry-After").orElse(null),
                response.headers().firstValue("Location").orElse(null));
    }
}
