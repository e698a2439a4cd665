package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.metagov.gateway.client.ServiceForwarder;
import org.metagov.gateway.config.GatewayConfig;

/** Seed 003's community endpoints, owned by community-service. */
@Path("/api/internal/community")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class CommunityForwardingResource extends ForwardingResource {

    public CommunityForwardingResource(ServiceForwarder forwarder, GatewayConfig config) {
        super(forwarder, config);
    }

    @POST
    public Uni<Response> create(@Context HttpServerRequest request, @Context HttpHeaders headers, byte[] body) {
        return forward(config.communityServiceUrl(), "POST", request, headers, body);
    }

    @PUT
    @Path("/{rest: .+}")
    public Uni<Response> put(@Context HttpServerRequest request, @Context HttpHeaders headers, byte[] body) {
        return forward(config.communityServiceUrl(), "PUT", request, headers, body);
    }

    @GET
    @Path("/{rest: .+}")
    public Uni<Response> get(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return forward(config.communityServiceUrl(), "GET", request, headers, null);
    }

    @DELETE
    @Path("/{rest: .+}")
    public Uni<Response> delete(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return forward(config.communityServiceUrl(), "DELETE", request, headers, null);
    }
}
