package org.metagov.community.rest;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

import org.metagov.community.service.AuditTrail;
import org.metagov.community.service.CommunityRequest;
import org.metagov.web.ApiException;

/** A community's audit trail: {@code ?kind}, {@code ?since}, {@code ?until}, {@code ?limit}, {@code ?cursor}. */
@Path("/api/internal/community/{slug}/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditTrail trail;

    public AuditResource(AuditTrail trail) {
        this.trail = trail;
    }

    @GET
    public Uni<Map<String, Object>> list(@PathParam("slug") String slug, @QueryParam("kind") Optional<String> kind,
            @QueryParam("since") Optional<String> since, @QueryParam("until") Optional<String> until,
            @QueryParam("limit") Optional<String> limit, @QueryParam("cursor") Optional<String> cursor) {
        if (!slug.matches(CommunityRequest.SLUG_PATTERN)) {
            throw ApiException.notFound("Community '" + slug + "' does not exist");
        }
        return trail.list(slug, kind, since, until, limit, cursor);
    }
}
