package org.metagov.community.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.metagov.web.JsonBodies;

/**
 * Upstream Metagov's (and seed 003's) community endpoints; the gateway forwards drivers' calls here unchanged.
 * Bodies are read as JSON whatever their Content-Type, as upstream reads them.
 */
@Path("/api/internal/community")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class CommunityResource {

    private final CommunityService communities;

    public CommunityResource(CommunityService communities) {
        this.communities = communities;
    }

    @PUT
    @Path("/{slug}")
    public Uni<Response> put(@PathParam("slug") String slug, byte[] body) {
        checkSlug(slug);
        return communities.put(slug, JsonBodies.object(body))
                .map(saved -> Response.status(saved.created() ? 201 : 200).entity(saved.body()).build());
    }

    @POST
    public Uni<Response> create(byte[] body) {
        return communities.create(JsonBodies.object(body)).map(saved -> Response.status(201)
                .header("Location", "/api/internal/community/" + saved.body().path("slug").asText())
                .entity(saved.body()).build());
    }

    @GET
    @Path("/{slug}")
    public Uni<JsonNode> get(@PathParam("slug") String slug) {
        checkSlug(slug);
        return communities.get(slug).map(c -> c);
    }

    @DELETE
    @Path("/{slug}")
    public Uni<Response> delete(@PathParam("slug") String slug) {
        checkSlug(slug);
        return communities.delete(slug).map(x -> Response.noContent().build());
    }

    @GET
    @Path("/{slug}/hooks")
    public Uni<Map<String, Object>> hooks(@PathParam("slug") String slug) {
        checkSlug(slug);
        return communities.hooks(slug).map(hooks -> Map.of("hooks", hooks));
    }

    private static void checkSlug(String slug) {
        if (!slug.matches(CommunityRequest.SLUG_PATTERN)) {
            throw ApiException.badRequest("Invalid community slug '" + slug + "': expected "
                    + CommunityRequest.SLUG_PATTERN);
        }
    }
}
