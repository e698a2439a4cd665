package org.metagov.community.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.metagov.community.service.CommunityRequest;
import org.metagov.community.service.CommunityService;
import org.metagov.web.ApiException;

/** Metagov's per-plugin endpoints: one plugin of one community enabled, re-configured or disabled. */
@Path("/api/internal/plugin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PluginResource {

    static final String COMMUNITY_HEADER = "X-Metagov-Community";

    private final CommunityService communities;

    public PluginResource(CommunityService communities) {
        this.communities = communities;
    }

    /** 201 when the plugin was not enabled before, 200 when it was (re-configured or unchanged). */
    @POST
    @Path("/{name}")
    public Uni<Response> enable(@HeaderParam(COMMUNITY_HEADER) String community, @PathParam("name") String name,
            JsonNode body) {
        String slug = requireCommunity(community);
        return communities.enablePlugin(slug, name, body).map(saved -> (saved.created()
                // a path, as seed 003 shows its Locations: the driver reaches us through the gateway's host
                ? Response.status(201).header("Location", "/api/internal/plugin/" + name + "/"
                        + saved.community().path("id").asText())
                : Response.ok()).entity(saved.community()).build());
    }

    @DELETE
    @Path("/{name}/{id}")
    public Uni<Response> disable(@HeaderParam(COMMUNITY_HEADER) String community, @PathParam("name") String name,
            @PathParam("id") String id) {
        if (community != null && !community.matches(CommunityRequest.SLUG_PATTERN)) {
            throw ApiException.notFound("Plugin '" + name + "' has no instance '" + id + "'");
        }
        return communities.disablePlugin(community, name, id).map(x -> Response.noContent().build());
    }

    private static String requireCommunity(String community) {
        if (community == null || community.isBlank()) {
            throw ApiException.badRequest("Missing required header '" + COMMUNITY_HEADER + "'");
        }
        if (!community.matches(CommunityRequest.SLUG_PATTERN)) {
            throw ApiException.notFound("Community '" + community + "' does not exist");
        }
        return community;
    }
}
