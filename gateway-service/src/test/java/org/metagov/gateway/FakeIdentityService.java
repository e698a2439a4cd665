package org.metagov.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.metagov.events.EventJson;

/**
 * Stands in for community-service's identity endpoints: answers each call with what it received (method, path,
 * decoded query, body, Content-Type), create_id with 201 as the real one does.
 */
public class FakeIdentityService implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/internal/identity/", exchange -> {
            ObjectNode seen = EventJson.MAPPER.createObjectNode()
                    .put("method", exchange.getRequestMethod())
                    .put("path", exchange.getRequestURI().getRawPath())
                    .put("query", exchange.getRequestURI().getRawQuery() == null ? null : java.net.URLDecoder.decode(
                            exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8))
                    .put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .put("content_type", exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] body = EventJson.write(seen).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/create_id") ? 201 : 200,
                    body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("gateway.community-service-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
