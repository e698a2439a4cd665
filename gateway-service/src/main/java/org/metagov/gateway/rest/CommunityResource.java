package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.metagov.gateway.openapi.DriverSchemas;

/**
 * Seed 003's community endpoints, owned by community-service: the driver's body (JSON, whatever its Content-Type)
 * goes there as sent, and its answer comes back as it came.
 */
@Path("/api/internal/community")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "communities")
public class CommunityResource {

    private final CommunityClient communities;

    public CommunityResource(CommunityClient communities) {
        this.communities = communities;
    }

    @POST
    @Operation(summary = "Create a community", description = "A missing slug is generated.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DriverSchemas.CommunityRequest.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Community.class)))
    @APIResponse(responseCode = "400", description = "Invalid body, slug taken, unknown plugin or invalid config",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> create(@Context HttpServerRequest request, byte[] body) {
        return communities.createCommunity(OwnerAnswers.query(request), body).map(OwnerAnswers::response);
    }

    @GET
    @Path("/{slug}")
    @Operation(summary = "Read a community")
    @APIResponse(responseCode = "200", description = "The community", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Community.class)))
    @APIResponse(responseCode = "404", description = "No such community", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> get(@PathParam("slug") String slug, @Context HttpServerRequest request) {
        return communities.getCommunity(slug, OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }

    @PUT
    @Path("/{slug}")
    @Operation(summary = "Create or replace a community", description = "plugins is the complete set: every "
            + "plugin left out is disabled.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DriverSchemas.CommunityRequest.class)))
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Community.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Community.class)))
    @APIResponse(responseCode = "400", description = "Invalid body, unknown plugin or invalid config",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> put(@PathParam("slug") String slug, @Context HttpServerRequest request, byte[] body) {
        return communities.putCommunity(slug, OwnerAnswers.query(request), body).map(OwnerAnswers::response);
    }

    @DELETE
    @Path("/{slug}")
    @Operation(summary = "Delete a community and its plugins")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such community", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> delete(@PathParam("slug") String slug, @Context HttpServerRequest request) {
        return communities.deleteCommunity(slug, OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }

    @GET
    @Path("/{slug}/hooks")
    @Operation(summary = "List the community's webhook receiver URLs")
    @APIResponse(responseCode = "200", description = "The hook paths", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.HookList.class)))
    @APIResponse(responseCode = "404", description = "No such community", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> hooks(@PathParam("slug") String slug, @Context HttpServerRequest request) {
        return communities.hooks(slug, OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }

    @GET
    @Path("/{slug}/audit")
    @Operation(summary = "Read the community's audit trail", description = "Who (driver) changed what and when, and "
            + "the trace id: community, plugin and driver changes, actions, process transitions. Newest first; "
            + "?kind= (exact, or a prefix ending in '.'), ?since= and ?until= (ISO-8601), ?limit= (50, at most 200), "
            + "?cursor= from the previous page's next. The community's owner or an administrator.")
    @APIResponse(responseCode = "200", description = "{\"items\": [...], \"next\": cursor or null}")
    @APIResponse(responseCode = "400", description = "Malformed limit, cursor or time", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    @APIResponse(responseCode = "404", description = "No such community", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> audit(@PathParam("slug") String slug, @Context HttpServerRequest request) {
        return communities.audit(slug, OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }
}
