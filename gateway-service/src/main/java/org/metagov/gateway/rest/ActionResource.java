package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.metagov.gateway.service.ActionService;

/** Seed 003's actions: {@code POST /api/internal/action/<plugin>.<action>}, public ones also at /api/action. */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
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
            @HeaderParam("X-Metagov-Community") String community, JsonNode body) {
        return actions.perform(community, action, body, false);
    }
}
