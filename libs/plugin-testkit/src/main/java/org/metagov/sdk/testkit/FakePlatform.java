package org.metagov.sdk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A platform's HTTP API on a local port, answering what the test tells it to, and recording what the plugin asked.
 * Unknown paths answer 404, as a real API would.
 *
 * <pre>{@code
 * try (FakePlatform sourcecred = FakePlatform.start()) {
 *     sourcecred.respond("GET", "/output/accounts.json", 200, accountsJson);
 *     var plugin = PluginHarness.start(SourceCredPlugin.class, "{\"server_url\": \"" + sourcecred.url() + "\"}");
 * }
 * }</pre>
 */
public final class FakePlatform implements AutoCloseable {

    /** A request the plugin made. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
    }

    private record Answer(int status, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakePlatform(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakePlatform start() {
        try {
            return new FakePlatform(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} with a JSON body. */
    public FakePlatform respond(String method, String path, int status, String json) {
        return respond(method, path, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    public FakePlatform respond(String method, String path, int status, String contentType, byte[] body) {
        answers.put(method + " " + path, new Answer(status, contentType, body));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] received = exchange.getRequestBody().readAllBytes();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), new String(received, StandardCharsets.UTF_8)));
        Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path,
                new Answer(404, "application/json", "{\"error\": \"not found\"}".getBytes(StandardCharsets.UTF_8)));
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
