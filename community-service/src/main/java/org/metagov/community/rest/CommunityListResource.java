package org.metagov.community.rest;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

import org.metagov.community.service.CommunityOwners;
import org.metagov.community.service.CommunityRequest;
import org.metagov.web.ApiException;

/** The caller's communities (an administrator's: all), paged; an administrator's transfer of one. */
@Path("/api/internal/communities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class CommunityListResource {

    private final CommunityOwners owners;

    public CommunityListResource(CommunityOwners owners) {
        this.owners = owners;
    }

    @GET
    public Uni<Map<String, Object>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return owners.list(Optional.ofNullable(limit), Optional.ofNullable(cursor));
    }

    @PATCH
    @Path("/{slug}")
    public Uni<Map<String, Object>> change(@PathParam("slug") String slug, byte[] body) {
        if (!slug.matches(CommunityRequest.SLUG_PATTERN)) {
            throw ApiException.notFound("Community '" + slug + "' does not exist");
        }
        return owners.change(slug, body);
    }
}
