package org.metagov.community.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.metagov.community.repository.OAuthStateRepository;
import org.metagov.web.ApiException;
import org.metagov.web.CallerContext;

/**
 * {@code PUT /api/internal/oauth-states/{nonce}?expires_at=...}: the gateway marks an OAuth state used at its
 * callback; 204 the first time, 409 {@code state_replayed} after. For administrators (the gateway) only.
 */
@Path("/api/internal/oauth-states")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class OAuthStateResource {

    private final OAuthStateRepository states;
    private final CallerContext caller;

    public OAuthStateResource(OAuthStateRepository states, CallerContext caller) {
        this.states = states;
        this.caller = caller;
    }

    @PUT
    @Path("/{nonce}")
    public Uni<Response> use(@PathParam("nonce") String nonce, @QueryParam("expires_at") String expiresAt) {
        caller.requireAdmin();
        if (nonce.length() > 100) {
            throw ApiException.badRequest("A nonce is at most 100 characters");
        }
        Instant expiry;
        try {
            expiry = Instant.parse(expiresAt == null ? "" : expiresAt);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("expires_at is an ISO-8601 instant");
        }
        return states.use(nonce, expiry).map(first -> {
            if (!first) {
                throw new ApiException(409, "state_replayed", "This OAuth state was used already");
            }
            return Response.noContent().build();
        });
    }
}
