package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.metagov.gateway.client.CommunityClient;
import org.metagov.gateway.openapi.DriverAccountSchemas;
import org.metagov.gateway.openapi.DriverSchemas;

/**
 * The caller's communities (an administrator's: every driver's) and an administrator's transfer of one; owned by
 * community-service, which decides from the driver the gateway passes on.
 */
@Path("/api/internal/communities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "communities")
public class CommunityListResource {

    private final CommunityClient communities;

    public CommunityListResource(CommunityClient communities) {
        this.communities = communities;
    }

    @GET
    @Operation(summary = "List the caller's communities", description = "?limit (1..200, 50), ?cursor; "
            + "{\"items\", \"next\"}, newest first. An administrator sees every driver's.")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DriverAccountSchemas.OwnedCommunityPage.class)))
    @APIResponse(responseCode = "400", description = "Bad limit or cursor", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> list(@Context HttpServerRequest request) {
        return communities.listCommunities(OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }

    @PATCH
    @Path("/{slug}")
    @Operation(summary = "Transfer a community to another driver (administrators)", description = "Body "
            + "{\"owner\": \"<driver id>\"}: local or a driver account.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DriverAccountSchemas.OwnerChange.class)))
    @APIResponse(responseCode = "200", description = "Transferred", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DriverAccountSchemas.OwnedCommunity.class)))
    @APIResponse(responseCode = "400", description = "Invalid body or no such driver", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    @APIResponse(responseCode = "403", description = "Not an administrator", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    @APIResponse(responseCode = "404", description = "No such community", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> transfer(@PathParam("slug") String slug, byte[] body) {
        return communities.changeCommunityOwner(slug, body).map(OwnerAnswers::response);
    }
}
