package org.metagov.sdk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

        /** The first value of a header, by any case of its name; null when absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().isEmpty() ? null : e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** What a {@link Responder} answers: a status, headers and a body (empty: none). */
    public record Reply(int status, Map<String, String> headers, String body) {

        public static Reply json(int status, String json) {
            return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), json);
        }
    }

    /** Answers each request from what it asked (GraphQL operations, pages, a 429 then a 200, a slow answer). */
    @FunctionalInterface
    public interface Responder {
        Reply answer(Request request) throws Exception;
    }

    private record Answer(int status, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** Requests are answered concurrently: a slow answer (a timeout test) does not hold up the next request. */
    private final ExecutorService workers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fake-platform");
        thread.setDaemon(true);
        return thread;
    });

    private FakePlatform(HttpServer server) {
        this.server = server;
        server.setExecutor(workers);
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

    /** Answers {@code method path} (any query) with what {@code responder} says for each request. */
    public FakePlatform respond(String method, String path, Responder responder) {
        responders.put(method + " " + path, responder);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] received = exchange.getRequestBody().readAllBytes();
        Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), new String(received, StandardCharsets.UTF_8));
        requests.add(request);
        Responder responder = responders.get(exchange.getRequestMethod() + " " + path);
        if (responder != null) {
            reply(exchange, responder, request);
            return;
        }
        Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path,
                new Answer(404, "application/json", "{\"error\": \"not found\"}".getBytes(StandardCharsets.UTF_8)));
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
        }
        exchange.close();
    }

    private static void reply(HttpExchange exchange, Responder responder, Request request) throws IOException {
        Reply reply;
        try {
            reply = responder.answer(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        } catch (Exception e) {
            reply = Reply.json(500, "{\"error\": \"the fake failed\"}");
        }
        byte[] body = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        try {
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (IOException clientGone) {
            // the plugin gave up first (a timeout test): nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow(); // wakes a responder still sleeping for a timeout test
    }
}
