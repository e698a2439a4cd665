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

import org.metagov.community.service.DriverRequest;
import org.metagov.community.service.DriverService;

/**
 * Driver accounts, for administrators (the gateway's driver header says who calls). {@code POST .../tokens} answers
 * the account with its current generation for the gateway to sign a token; {@code DELETE .../tokens} revokes them.
 */
@Path("/api/internal/drivers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DriverResource {

    private final DriverService drivers;

    public DriverResource(DriverService drivers) {
        this.drivers = drivers;
    }

    @POST
    public Uni<Response> create(byte[] body) {
        DriverRequest request = DriverRequest.forCreate(body);
        return drivers.create(request).map(view -> Response.status(201).entity(view)
                .header("Location", "/api/internal/drivers/" + view.get("id")).build());
    }

    @GET
    public Uni<Map<String, Object>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return drivers.list(Optional.ofNullable(limit), Optional.ofNullable(cursor));
    }

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        return drivers.get(id);
    }

    @PATCH
    @Path("/{id}")
    public Uni<Map<String, Object>> change(@PathParam("id") String id, byte[] body) {
        return drivers.change(id, DriverRequest.forChange(body));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return drivers.delete(id).map(x -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/tokens")
    public Uni<Map<String, Object>> issueToken(@PathParam("id") String id) {
        return drivers.get(id);
    }

    /** 201 with the account and its new {@code callback_secret}, shown this once. */
    @POST
    @Path("/{id}/callback-secret")
    public Uni<Response> newCallbackSecret(@PathParam("id") String id) {
        return drivers.newCallbackSecret(id).map(view -> Response.status(201).entity(view).build());
    }

    @DELETE
    @Path("/{id}/tokens")
    public Uni<Response> revokeTokens(@PathParam("id") String id) {
        return drivers.revokeTokens(id).map(x -> Response.noContent().build());
    }
}
