package org.metagov.dispatcher.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.dispatcher.repository.DeadLetters;
import org.metagov.dispatcher.repository.Replays;
import org.metagov.dispatcher.service.DeadLetterService;
import org.metagov.dispatcher.service.ReplayService;
import org.metagov.web.ApiException;
import org.metagov.web.JsonBodies;

/**
 * The dispatcher's internal API on a subscription's deliveries: replay from a time, its dead letters, retry of one.
 * Not exposed by the gateway yet (its route comes with subscription management).
 */
@Path("/api/internal/subscriptions/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionDeliveryResource {

    private final ReplayService replays;
    private final DeadLetterService deadLetters;

    public SubscriptionDeliveryResource(ReplayService replays, DeadLetterService deadLetters) {
        this.replays = replays;
        this.deadLetters = deadLetters;
    }

    /** {@code {"from": "<ISO time>"}}: 202 with the replay, whose progress {@code GET .../replays/{id}} shows. */
    @POST
    @Path("/replay")
    @Consumes(MediaType.WILDCARD)
    public Response replay(@PathParam("id") String id, byte[] body) {
        ObjectNode request = JsonBodies.object(body);
        JsonNode from = request.get("from");
        if (from != null && !from.isTextual()) {
            throw ApiException.badRequest("'from' must be a string: an ISO-8601 time");
        }
        Replays.Replay replay = replays.start(id, from == null ? null : from.asText());
        return Response.accepted(json(replay)).build();
    }

    @GET
    @Path("/replays/{replay}")
    public Map<String, Object> replayStatus(@PathParam("id") String id, @PathParam("replay") String replay) {
        return json(replays.find(id, replay));
    }

    /** Oldest first; {@code next} is the cursor of the following page, null on the last. */
    @GET
    @Path("/dead-letters")
    public Map<String, Object> deadLetters(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        DeadLetterService.Page page = deadLetters.page(id, limit, cursor);
        Map<String, Object> answer = new LinkedHashMap<>();
        List<Map<String, Object>> items = page.items().stream().map(SubscriptionDeliveryResource::json).toList();
        answer.put("items", items);
        answer.put("next", page.next());
        return answer;
    }

    /** 202: delivered again in the background with the retry schedule; the dead letter goes once delivered. */
    @POST
    @Path("/dead-letters/{event_id}/retry")
    @Consumes(MediaType.WILDCARD)
    public Response retry(@PathParam("id") String id, @PathParam("event_id") String eventId) {
        Map<String, Object> answer = json(deadLetters.retry(id, eventId));
        answer.put("state", "retrying");
        return Response.accepted(answer).build();
    }

    /** Never the receiver's response body: it may come from an internal service. */
    private static Map<String, Object> json(DeadLetters.Letter letter) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event_id", letter.eventId());
        json.put("subscription", letter.subscriptionId());
        json.put("community", letter.community());
        json.put("source", letter.source());
        json.put("event_type", letter.eventType());
        json.put("cause", letter.cause());
        json.put("reason", letter.reason());
        json.put("attempts", letter.attempts());
        json.put("last_status", letter.lastStatus());
        json.put("received_at", letter.receivedAt() == null ? null : letter.receivedAt().toString());
        json.put("dead_lettered_at", letter.createdAt() == null ? null : letter.createdAt().toString());
        return json;
    }

    private static Map<String, Object> json(Replays.Replay replay) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", replay.id().toString());
        json.put("subscription", replay.subscriptionId());
        json.put("from", replay.from().toString());
        json.put("state", replay.state());
        json.put("matched", replay.matched());
        json.put("delivered", replay.delivered());
        json.put("dead_lettered", replay.deadLettered());
        json.put("error", replay.error());
        json.put("started_at", replay.startedAt().toString());
        json.put("finished_at", replay.finishedAt() == null ? null : replay.finishedAt().toString());
        return json;
    }
}
