package org.metagov.gateway.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.metagov.gateway.client.ServiceForwarder;
import org.metagov.gateway.config.GatewayConfig;

/**
 * The parts of the driver API that other services own: communities and plugin instances (community-service),
 * governance processes (process-service). Each root path is its own class, because JAX-RS picks the most specific
 * root class first and never backtracks to another.
 */
public abstract class ForwardingResource {

    protected final ServiceForwarder forwarder;
    protected final GatewayConfig config;

    protected ForwardingResource(ServiceForwarder forwarder, GatewayConfig config) {
        this.forwarder = forwarder;
        this.config = config;
    }

    /**
     * Passes the path and query on as the request line has them (still encoded). Taken from the request line, not
     * from an absolute URI: that needs a Host header, which HTTP/1.0 clients need not send.
     */
    protected Uni<Response> forward(String base, String method, HttpServerRequest request, HttpHeaders headers,
            byte[] body) {
        String query = request.query();
        String pathAndQuery = request.path() + (query == null ? "" : "?" + query);
        return forwarder.forward(base, method, pathAndQuery, headers.getHeaderString("X-Metagov-Community"),
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body);
    }
}
