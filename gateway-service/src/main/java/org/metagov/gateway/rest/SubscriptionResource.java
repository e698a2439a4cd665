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
import org.metagov.gateway.openapi.DriverSchemas;
import org.metagov.gateway.openapi.SubscriptionSchemas;
import org.metagov.gateway.service.DriverSubscriptions;

/**
 * The calling driver's event subscriptions (README "The event dispatcher"): CRUD relayed to community-service,
 * replays and dead letters to the event-dispatcher. Another driver's subscription is a 404.
 */
@Path("/api/internal/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "subscriptions")
public class SubscriptionResource {

    private final DriverSubscriptions subscriptions;

    public SubscriptionResource(DriverSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @POST
    @Operation(summary = "Subscribe to events", description = "Body {\"url\", \"secret\"?, \"communities\"?, "
            + "\"event_types\"?}; 201 with the subscription and, when no secret was sent, the generated one (shown "
            + "only here).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionSchemas.SubscriptionRequest.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionSchemas.Subscription.class)))
    @APIResponse(responseCode = "400", description = "Invalid body, filter or url", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    @APIResponse(responseCode = "409", description = "The driver holds as many as it may", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> create(byte[] body) {
        return subscriptions.create(body).map(OwnerAnswers::response);
    }

    @GET
    @Operation(summary = "The caller's subscriptions", description = "?limit (1..200, 50), ?cursor; {\"items\", \"next\"}")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionSchemas.SubscriptionPage.class)))
    public Uni<Response> list(@Context HttpServerRequest request) {
        return subscriptions.list(OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A subscription (never its secret)")
    @APIResponse(responseCode = "200", description = "The subscription", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionSchemas.Subscription.class)))
    @APIResponse(responseCode = "404", description = "Unknown, or another driver's", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> get(@PathParam("id") String id) {
        return subscriptions.get(id).map(OwnerAnswers::response);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a subscription", description = "A new secret keeps the previous one signing beside it "
            + "for a while (both signatures in webhook-signature).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionSchemas.SubscriptionRequest.class)))
    @APIResponse(responseCode = "200", description = "The subscription", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionSchemas.Subscription.class)))
    @APIResponse(responseCode = "404", description = "Unknown, or another driver's", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> patch(@PathParam("id") String id, byte[] body) {
        return subscriptions.patch(id, body).map(OwnerAnswers::response);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a subscription")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "Unknown, or another driver's", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> delete(@PathParam("id") String id) {
        return subscriptions.delete(id).map(OwnerAnswers::response);
    }

    @POST
    @Path("/{id}/replay")
    @Operation(summary = "Deliver again what Kafka still holds from a time", description = "Body {\"from\": \"<ISO "
            + "time>\"}; 202; original webhook-ids; outside the order guarantee.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionSchemas.ReplayRequest.class)))
    @APIResponse(responseCode = "202", description = "Started", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionSchemas.Replay.class)))
    @APIResponse(responseCode = "404", description = "Unknown, or another driver's", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> replay(@PathParam("id") String id, byte[] body) {
        return subscriptions.replay(id, body).map(OwnerAnswers::response);
    }

    @GET
    @Path("/{id}/replays/{replay}")
    @Operation(summary = "A replay's progress")
    @APIResponse(responseCode = "200", description = "The replay", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionSchemas.Replay.class)))
    @APIResponse(responseCode = "404", description = "Unknown, or another driver's", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> replayStatus(@PathParam("id") String id, @PathParam("replay") String replay) {
        return subscriptions.replayStatus(id, replay).map(OwnerAnswers::response);
    }

    @GET
    @Path("/{id}/dead-letters")
    @Operation(summary = "What gave up", description = "?limit, ?cursor; oldest first; the reason and the receiver's "
            + "last status, never its body.")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionSchemas.DeadLetterPage.class)))
    @APIResponse(responseCode = "404", description = "Unknown, or another driver's", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> deadLetters(@PathParam("id") String id, @Context HttpServerRequest request) {
        return subscriptions.deadLetters(id, OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }

    @POST
    @Path("/{id}/dead-letters/{event_id}/retry")
    @Operation(summary = "Deliver one dead letter again", description = "202; it goes once delivered.")
    @APIResponse(responseCode = "202", description = "Retrying", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionSchemas.DeadLetter.class)))
    @APIResponse(responseCode = "404", description = "Unknown, or another driver's", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> retry(@PathParam("id") String id, @PathParam("event_id") String eventId) {
        return subscriptions.retry(id, eventId).map(OwnerAnswers::response);
    }
}
