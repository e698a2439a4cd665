package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
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

import org.metagov.gateway.client.ServiceForwarder;
import org.metagov.gateway.config.GatewayConfig;

/** Metagov's identity endpoints, owned by community-service: POSTs with bodies, GETs with query strings. */
@Path("/api/internal/identity")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class IdentityForwardingResource extends ForwardingResource {

    public IdentityForwardingResource(ServiceForwarder forwarder, GatewayConfig config) {
        super(forwarder, config);
    }

    @POST
    @Path("/{call: create_id|merge_ids|link_account|unlink_account}")
    public Uni<Response> post(@Context HttpServerRequest request, @Context HttpHeaders headers, byte[] body) {
        return forward(config.communityServiceUrl(), "POST", request, headers, body);
    }

    @GET
    @Path("/{call: get_user|get_users|filter_users_by_account|get_linked_account}")
    public Uni<Response> get(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return forward(config.communityServiceUrl(), "GET", request, headers, null);
    }
}
