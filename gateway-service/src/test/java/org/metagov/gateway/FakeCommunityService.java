package org.metagov.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Answers community GETs as community-service's contract says, for the gateway's fallback lookup when the
 * communities topic has not caught up. The whole chain with the real service runs in the e2e module.
 */
public class FakeCommunityService implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/internal/community/", exchange -> {
            String slug = exchange.getRequestURI().getPath().substring("/api/internal/community/".length());
            if (slug.equals("unreachable")) {
                exchange.close(); // no answer at all: the connection ends
                return;
            }
            byte[] body;
            int status;
            if (slug.equals("just-created") || slug.equals("my-community-1234")) {
                status = 200;
                body = ("{\"name\": \"" + slug + "\", \"readable_name\": \"\", \"plugins\": [{\"name\": \"tutorial\", \"config\": {}}]}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "{\"error\": \"not_found\", \"message\": \"no\", \"details\": []}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
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
