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
import org.metagov.web.JsonBodies;
import org.metagov.web.MetagovHeaders;

/** Actions a plugin flags public, at {@code /api/action/<plugin>.<action>} (seed 002's table). */
@Path("/api/action")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PublicActionResource {

    private final ActionService actions;

    public PublicActionResource(ActionService actions) {
        this.actions = actions;
    }

    @POST
    @Path("/{action}")
    @Operation(hidden = true) // each public action gets its own documented path from the catalog
    public Uni<JsonNode> perform(@PathParam("action") String action,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community,
            @QueryParam("community_platform_id") String platformId, byte[] body) {
        return actions.performPublic(ActionResource.requireCommunity(community), action, JsonBodies.read(body),
                platformId);
    }
}
