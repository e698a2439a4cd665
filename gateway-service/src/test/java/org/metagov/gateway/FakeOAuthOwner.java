package org.metagov.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays community-service for OAuth installs, as its contract says: used state nonces (204 once, 409 after),
 * community creation (201 with a slug), the driver's own community, plugin enables and identity links, recorded.
 */
public class FakeOAuthOwner implements QuarkusTestResourceLifecycleManager {

    static final String OWN_COMMUNITY = "pk-community";
    /** {@code plugin community config} of every enable, in order. */
    static final List<String> ENABLED = new CopyOnWriteArrayList<>();
    static final List<String> LINKED = new CopyOnWriteArrayList<>();
    private static final Set<String> USED = ConcurrentHashMap.newKeySet();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/internal/", this::handle);
        server.start();
        return Map.of("gateway.community-service-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (method.equals("PUT") && path.startsWith("/api/internal/oauth-states/")) {
            answer(exchange, USED.add(path) ? 204 : 409, "");
        } else if (method.equals("POST") && path.equals("/api/internal/community")) {
            answer(exchange, 201, "{\"slug\": \"created-by-install\", \"readable_name\": \"\", \"plugins\": []}");
        } else if (method.equals("GET") && path.equals("/api/internal/community/" + OWN_COMMUNITY)) {
            answer(exchange, 200, "{\"slug\": \"" + OWN_COMMUNITY + "\", \"readable_name\": \"\", \"plugins\": []}");
        } else if (method.equals("POST") && path.startsWith("/api/internal/plugin/")) {
            String community = exchange.getRequestHeaders().getFirst("X-Metagov-Community");
            ENABLED.add(path.substring("/api/internal/plugin/".length()) + " " + community + " " + body);
            answer(exchange, 201, "{\"id\": 1, \"name\": \"github\", \"config\": {}, \"community\": \"" + community
                    + "\", \"auth_type\": \"oauth\"}");
        } else if (method.equals("POST") && path.equals("/api/internal/identity/create_id")) {
            answer(exchange, 201, "[1938448211]");
        } else if (method.equals("POST") && path.equals("/api/internal/identity/link_account")) {
            LINKED.add(body);
            answer(exchange, 200, body);
        } else {
            answer(exchange, 404, "{\"error\": \"not_found\", \"message\": \"no\", \"details\": []}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
