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
import jakarta.ws.rs.core.UriInfo;

import io.smallrye.mutiny.Uni;

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
    public Uni<Response> create(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward(config.communityServiceUrl(), "POST", uri, headers, body);
    }

    @PUT
    @Path("/{rest: .+}")
    public Uni<Response> put(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward(config.communityServiceUrl(), "PUT", uri, headers, body);
    }

    @GET
    @Path("/{rest: .+}")
    public Uni<Response> get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward(config.communityServiceUrl(), "GET", uri, headers, null);
    }

    @DELETE
    @Path("/{rest: .+}")
    public Uni<Response> delete(@Context UriInfo uri, @Context HttpHeaders headers) {
        return forward(config.communityServiceUrl(), "DELETE", uri, headers, null);
    }
}
