package org.metagov.gateway.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.smallrye.mutiny.Uni;

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

    protected Uni<Response> forward(String base, String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        String query = uri.getRequestUri().getRawQuery();
        String pathAndQuery = uri.getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
        return forwarder.forward(base, method, pathAndQuery, headers.getHeaderString("X-Metagov-Community"),
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body);
    }
}
