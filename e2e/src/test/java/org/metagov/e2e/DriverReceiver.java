package org.metagov.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** A driver's endpoints, as a real driver exposes them: the event receiver and process callbacks. */
final class DriverReceiver {

    static final String SECRET = "e2e-driver-secret";
    static final List<Received> EVENTS = new CopyOnWriteArrayList<>();
    static final List<Received> CALLBACKS = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;

    /** {@code raw} is the body as sent, which is what a signature covers; {@code path} the request path. */
    record Received(String path, Map<String, List<String>> headers, JsonNode body, String raw) {
        static Received of(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
            String raw = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    JSON.readTree(raw), raw);
        }
    }

    private DriverReceiver() {
    }

    static synchronized String url() {
        return base() + "/events";
    }

    static synchronized String callbackUrl(String name) {
        return base() + "/callbacks/" + name;
    }

    /** PolicyKit's process callback URL: {@code {SERVER_URL}/metagov/internal/outcome/{proposal_pk}}. */
    static synchronized String policyKitOutcomeUrl(long proposal) {
        return base() + "/metagov/internal/outcome/" + proposal;
    }

    private static String base() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/events", exchange -> {
                EVENTS.add(Received.of(exchange));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.createContext("/callbacks/", DriverReceiver::callback);
            // PolicyKit answers its outcome callbacks 200 with an empty body
            server.createContext("/metagov/internal/outcome/", DriverReceiver::callback);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void callback(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        CALLBACKS.add(Received.of(exchange));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }
}
