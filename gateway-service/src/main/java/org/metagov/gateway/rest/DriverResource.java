package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.metagov.gateway.openapi.DriverAccountSchemas;
import org.metagov.gateway.openapi.DriverSchemas;
import org.metagov.gateway.service.DriverAccounts;

/**
 * Driver accounts, for administrators (a token with group {@code metagov-admin}; others get a 403). Owned by
 * community-service; create and issue answer the new token once.
 */
@Path("/api/internal/drivers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "drivers")
public class DriverResource {

    private final DriverAccounts drivers;

    public DriverResource(DriverAccounts drivers) {
        this.drivers = drivers;
    }

    @POST
    @Operation(summary = "Create a driver account", description = "Body {\"name\", \"redirect_uris\"?}; answers "
            + "{\"id\", \"name\", \"redirect_uris\", \"token\"}; the token is shown only here.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DriverAccountSchemas.DriverRequest.class)))
    @APIResponse(responseCode = "201", description = "Created, with its token", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverAccountSchemas.DriverToken.class)))
    @APIResponse(responseCode = "400", description = "Invalid body", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    @APIResponse(responseCode = "403", description = "Not an administrator", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> create(byte[] body) {
        return drivers.create(body).map(OwnerAnswers::response);
    }

    @GET
    @Operation(summary = "List driver accounts", description = "?limit (1..200, 50), ?cursor; {\"items\", \"next\"}")
    @APIResponse(responseCode = "200", description = "A page of accounts", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverAccountSchemas.DriverAccountPage.class)))
    public Uni<Response> list(@Context HttpServerRequest request) {
        return drivers.list(OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a driver account")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverAccountSchemas.DriverAccount.class)))
    @APIResponse(responseCode = "404", description = "No such driver", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> get(@PathParam("id") String id) {
        return drivers.get(id).map(OwnerAnswers::response);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a driver's name or redirect_uris")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DriverAccountSchemas.DriverRequest.class)))
    @APIResponse(responseCode = "200", description = "The account", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverAccountSchemas.DriverAccount.class)))
    public Uni<Response> patch(@PathParam("id") String id, byte[] body) {
        return drivers.patch(id, body).map(OwnerAnswers::response);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a driver account; its tokens are refused from then on")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") String id) {
        return drivers.delete(id).map(OwnerAnswers::response);
    }

    @POST
    @Path("/{id}/tokens")
    @Operation(summary = "Issue a new token for a driver", description = "Earlier tokens stay valid.")
    @APIResponse(responseCode = "201", description = "The new token", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverAccountSchemas.DriverToken.class)))
    public Uni<Response> issueToken(@PathParam("id") String id) {
        return drivers.issueToken(id).map(OwnerAnswers::response);
    }

    @POST
    @Path("/{id}/callback-secret")
    @Operation(summary = "Give a driver a new callback secret", description = "Its processes' callbacks are signed "
            + "with it from then on; answers {\"id\", ..., \"callback_secret\"}, shown only here.")
    @APIResponse(responseCode = "201", description = "The account with its new callback secret")
    public Uni<Response> newCallbackSecret(@PathParam("id") String id) {
        return drivers.newCallbackSecret(id).map(OwnerAnswers::response);
    }

    @DELETE
    @Path("/{id}/tokens")
    @Operation(summary = "Revoke every token issued to a driver so far")
    @APIResponse(responseCode = "204", description = "Revoked; issue a new token to go on")
    public Uni<Response> revokeTokens(@PathParam("id") String id) {
        return drivers.revokeTokens(id).map(OwnerAnswers::response);
    }
}
