package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.metagov.gateway.client.ServiceForwarder;
import org.metagov.gateway.config.GatewayConfig;

/** Seed 003's asynchronous governance processes, owned by process-service. */
@Path("/api/internal/process")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ProcessForwardingResource extends ForwardingResource {

    public ProcessForwardingResource(ServiceForwarder forwarder, GatewayConfig config) {
        super(forwarder, config);
    }

    @POST
    @Path("/{name}")
    @Operation(hidden = true) // each process gets its own documented path from the catalog
    public Uni<Response> start(@Context HttpServerRequest request, @Context HttpHeaders headers, byte[] body) {
        return forward(config.processServiceUrl(), "POST", request, headers, body);
    }

    @GET
    @Path("/{name}/{id}")
    public Uni<Response> get(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return forward(config.processServiceUrl(), "GET", request, headers, null);
    }

    @DELETE
    @Path("/{name}/{id}")
    public Uni<Response> close(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return forward(config.processServiceUrl(), "DELETE", request, headers, null);
    }
}
