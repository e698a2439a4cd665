package org.metagov.community.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.smallrye.mutiny.Uni;

import org.metagov.community.service.CommunityRequest;
import org.metagov.community.service.CommunityService;
import org.metagov.web.ApiException;
import org.metagov.web.JsonBodies;

/**
 * Upstream Metagov's per-plugin endpoints: one plugin of one community enabled, re-configured or disabled. Bodies
 * are read as JSON whatever their Content-Type, as upstream reads them.
 */
@Path("/api/internal/plugin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PluginResource {

    static final String COMMUNITY_HEADER = org.metagov.web.MetagovHeaders.COMMUNITY;

    private final CommunityService communities;

    public PluginResource(CommunityService communities) {
        this.communities = communities;
    }

    /**
     * The body is the bare config object, as upstream. 201 when a new instance was made (first enabled, or
     * re-configured: a new id, as upstream), 200 when the config is unchanged.
     */
    @POST
    @Path("/{name}")
    public Uni<Response> enable(@HeaderParam(COMMUNITY_HEADER) String community, @PathParam("name") String name,
            @Context UriInfo uri, byte[] body) {
        String slug = requireCommunity(community);
        String platformId = single(uri.getQueryParameters().get("community_platform_id"));
        return communities.enablePlugin(slug, name, JsonBodies.object(body), platformId)
                .map(saved -> (saved.created()
                        // a path, as seed 003 shows its Locations: the driver reaches us through the gateway's host
                        ? Response.status(201).header("Location", "/api/internal/plugin/" + name + "/"
                                + saved.body().path("id").asText())
                        : Response.ok()).entity(saved.body()).build());
    }

    /** No header needed, as upstream: the id alone finds the instance; a header, when sent, must match. */
    @DELETE
    @Path("/{name}/{id}")
    public Uni<Response> disable(@HeaderParam(COMMUNITY_HEADER) String community, @PathParam("name") String name,
            @PathParam("id") String id) {
        if (community != null && !community.matches(CommunityRequest.SLUG_PATTERN)) {
            throw ApiException.notFound("Plugin '" + name + "' has no instance '" + id + "'");
        }
        return communities.disablePlugin(community, name, id).map(x -> Response.noContent().build());
    }

    /** A query parameter given at most once; null when absent, as given (even empty) when present. */
    private static String single(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("Query parameter 'community_platform_id' is given more than once",
                    List.of("community_platform_id"));
        }
        return values.get(0) == null ? "" : values.get(0);
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
