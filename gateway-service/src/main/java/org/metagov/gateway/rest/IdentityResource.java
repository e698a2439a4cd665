package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.metagov.gateway.client.CommunityClient;
import org.metagov.gateway.openapi.DriverSchemas;

/** Metagov's identity endpoints, owned by community-service: POSTs with bodies, GETs with query strings. */
@Path("/api/internal/identity")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "identity")
public class IdentityResource {

    private final CommunityClient communities;

    public IdentityResource(CommunityClient communities) {
        this.communities = communities;
    }

    @POST
    @Path("/{call: create_id|merge_ids|link_account|unlink_account}")
    @Operation(summary = "create_id (201 [ids]), merge_ids (200, empty), link_account (200 the linked account), "
            + "unlink_account (200 true)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {
            DriverSchemas.CreateIdRequest.class, DriverSchemas.MergeIdsRequest.class,
            DriverSchemas.LinkAccountRequest.class, DriverSchemas.UnlinkAccountRequest.class})))
    @APIResponse(responseCode = "200", description = "merge_ids: empty; link_account: the linked account; "
            + "unlink_account: true", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DriverSchemas.LinkedAccount.class)))
    @APIResponse(responseCode = "201", description = "create_id: the new ids", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = Long.class)))
    @APIResponse(responseCode = "400", description = "Invalid body", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    @APIResponse(responseCode = "404", description = "Unknown community, id or link", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    @APIResponse(responseCode = "409", description = "The account is linked already", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> post(@PathParam("call") String call, @Context HttpServerRequest request, byte[] body) {
        return communities.identityPost(call, OwnerAnswers.query(request), body).map(OwnerAnswers::response);
    }

    @GET
    @Path("/{call: get_user|get_users|filter_users_by_account|get_linked_account}")
    @Operation(summary = "get_user (a user), get_users and filter_users_by_account ([users]), get_linked_account "
            + "(a linked account or {})")
    @APIResponse(responseCode = "200", description = "A user, users, or a linked account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {DriverSchemas.User.class,
                    DriverSchemas.User[].class, DriverSchemas.LinkedAccount.class})))
    @APIResponse(responseCode = "400", description = "Invalid or missing parameters", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    @APIResponse(responseCode = "404", description = "Unknown community or id", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> get(@PathParam("call") String call, @Context HttpServerRequest request) {
        return communities.identityGet(call, OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }
}
