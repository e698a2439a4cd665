package org.metagov.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * community-service and the event-dispatcher as two servers for the subscription routes: each answers what it saw
 * ({@code {"service", "seen"}}, with the status a real one gives: 201 for a create, 202 for a replay or retry, 204
 * for a delete, 404 for {@code sub_foreign}) and keeps the driver header of every call.
 */
public class FakeSubscriptionOwners implements QuarkusTestResourceLifecycleManager {

    /** "service METHOD path?query X-Metagov-Driver" of every call. */
    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private HttpServer community;
    private HttpServer dispatcher;

    @Override
    public Map<String, String> start() {
        community = server("community-service");
        dispatcher = server("event-dispatcher");
        return Map.of("gateway.community-service-url", url(community), "gateway.process-service-url", url(community),
                "gateway.dispatcher-url", url(dispatcher));
    }

    private static HttpServer server(String service) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String method = exchange.getRequestMethod();
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String driver = exchange.getRequestHeaders().getFirst("X-Metagov-Driver");
            String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            CALLS.add(service + " " + method + " " + target + " " + (driver == null ? "-" : driver));
            int status = target.contains("sub_foreign") ? 404
                    : method.equals("DELETE") ? 204
                    : method.equals("POST") && target.equals("/api/internal/subscriptions") ? 201
                    : method.equals("POST") ? 202 : 200;
            String body = status == 404 ? "{\"error\": \"not_found\", \"message\": \"No subscription sub_foreign\"}"
                    : "{\"service\": \"" + service + "\", \"seen\": \"" + method + " " + target + "\", \"sent\": "
                            + (sent.isEmpty() ? "null" : sent) + "}";
            byte[] bytes = status == 204 ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void stop() {
        if (community != null) {
            community.stop(0);
        }
        if (dispatcher != null) {
            dispatcher.stop(0);
        }
    }
}
