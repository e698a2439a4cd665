package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.metagov.gateway.service.ActionService;
import org.metagov.web.ApiException;
import org.metagov.web.JsonBodies;
import org.metagov.web.MetagovHeaders;

/**
 * Seed 003's actions: {@code POST /api/internal/action/<plugin>.<action>}. The body is JSON whatever its
 * Content-Type, and may be empty (PolicyKit posts {@code github.get-installation} with neither).
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Path("/api/internal/action")
public class ActionResource {

    private final ActionService actions;

    public ActionResource(ActionService actions) {
        this.actions = actions;
    }

    @POST
    @Path("/{action}")
    @Operation(hidden = true) // each plugin action gets its own documented path from the catalog
    public Uni<JsonNode> perform(@PathParam("action") String action,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community,
            @QueryParam("community_platform_id") String platformId, byte[] body) {
        return actions.perform(requireCommunity(community), action, JsonBodies.read(body), platformId);
    }

    /** The header is checked first, as upstream does. */
    static String requireCommunity(String community) {
        if (community == null || community.isBlank()) {
            throw ApiException.badRequest("Missing required header '" + MetagovHeaders.COMMUNITY + "'");
        }
        return community;
    }
}
