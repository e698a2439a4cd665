package org.metagov.community.rest;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.metagov.community.service.SubscriptionRequest;
import org.metagov.community.service.SubscriptionService;

/** The calling driver's event subscriptions (the gateway's driver header says who calls). */
@Path("/api/internal/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SubscriptionResource {

    private final SubscriptionService subscriptions;

    public SubscriptionResource(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @POST
    public Uni<Response> create(byte[] body) {
        SubscriptionRequest request = SubscriptionRequest.forCreate(body);
        return subscriptions.create(request).map(view -> Response.status(201).entity(view)
                .header("Location", "/api/internal/subscriptions/" + view.get("id")).build());
    }

    @GET
    public Uni<Map<String, Object>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return subscriptions.list(Optional.ofNullable(limit), Optional.ofNullable(cursor));
    }

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        return subscriptions.get(id);
    }

    @PATCH
    @Path("/{id}")
    public Uni<Map<String, Object>> change(@PathParam("id") String id, byte[] body) {
        return subscriptions.change(id, SubscriptionRequest.forChange(body));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return subscriptions.delete(id).map(x -> Response.noContent().build());
    }
}
