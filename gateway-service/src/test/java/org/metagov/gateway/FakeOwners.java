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
 * Stands in for community-service and process-service where only what reaches them matters: each answers
 * 200 with the method, path and query it received, and keeps them for the test to look at.
 */
public class FakeOwners implements QuarkusTestResourceLifecycleManager {

    /** "METHOD path?query" of every request an owner received, oldest first. */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    /** "METHOD path community-header" of every request, the header "-" when absent. */
    static final List<String> COMMUNITY_HEADERS = new CopyOnWriteArrayList<>();
    /** "METHOD path driver-header" of every request, the header "-" when absent. */
    static final List<String> DRIVER_HEADERS = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String seen = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (query == null ? "" : "?" + query);
            RECEIVED.add(seen);
            String community = exchange.getRequestHeaders().getFirst("X-Metagov-Community");
            COMMUNITY_HEADERS.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                    + (community == null ? "-" : community));
            String driver = exchange.getRequestHeaders().getFirst("X-Metagov-Driver");
            DRIVER_HEADERS.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                    + (driver == null ? "-" : driver));
            if (exchange.getRequestURI().getPath().endsWith("/unreachable")) {
                exchange.close(); // no answer at all: the connection ends
                return;
            }
            byte[] body = ("{\"seen\": \"" + seen + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath()
                    .startsWith("/api/internal/process/")) {
                // as process-service answers a start; an absolute Location is given back as a path
                exchange.getResponseHeaders().add("Location", "http://" + exchange.getLocalAddress().getHostString()
                        + ":" + exchange.getLocalAddress().getPort() + exchange.getRequestURI().getRawPath() + "/p1");
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("gateway.community-service-url", url, "gateway.process-service-url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
