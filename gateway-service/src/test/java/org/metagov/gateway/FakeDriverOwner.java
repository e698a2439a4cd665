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
 * Stands in for community-service and process-service in the authentication tests: answers driver-account calls as
 * community-service does (the account with its generation), everything else 200, and keeps the driver header each
 * call carried. Also makes the loopback address untrusted, so a call without a token is refused.
 */
public class FakeDriverOwner implements QuarkusTestResourceLifecycleManager {

    /** "METHOD path X-Metagov-Driver" of every call, the header "-" when absent. */
    static final List<String> DRIVER_HEADERS = new CopyOnWriteArrayList<>();
    static final String NEW_DRIVER = "drv_created";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            String driver = exchange.getRequestHeaders().getFirst("X-Metagov-Driver");
            DRIVER_HEADERS.add(method + " " + path + " " + (driver == null ? "-" : driver));
            int status = 200;
            String body = "{\"seen\": \"" + method + " " + path + "\"}";
            if (method.equals("POST") && path.equals("/api/internal/drivers")) {
                status = 201;
                body = "{\"id\": \"" + NEW_DRIVER + "\", \"name\": \"new\", \"redirect_uris\": [], \"generation\": 1}";
            } else if (method.equals("POST") && path.matches("/api/internal/drivers/[^/]+/tokens")) {
                String id = path.split("/")[4];
                body = "{\"id\": \"" + id + "\", \"name\": \"n\", \"redirect_uris\": [], \"generation\": 3}";
            } else if (method.equals("DELETE") && path.startsWith("/api/internal/drivers/")) {
                status = 204;
                body = "";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("gateway.community-service-url", url, "gateway.process-service-url", url,
                "gateway.dispatcher-url", url, "metagov.auth.trusted-networks", "192.0.2.0/24");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
