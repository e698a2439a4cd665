package org.metagov.gateway.openapi;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shapes of the subscription bodies (README "The event dispatcher"), for the OpenAPI document only. */
public final class SubscriptionSchemas {

    private SubscriptionSchemas() {
    }

    @Schema(name = "SubscriptionRequest", description = "The body of POST (url required) and PATCH of a subscription")
    public record SubscriptionRequest(
            @Schema(description = "http(s); must pass the outbound address policy") String url,
            @Schema(description = "Write-only: whsec_<base64> (recommended) or 16..200 characters; generated when "
                    + "absent; a new one in PATCH keeps the old one signing for a while") String secret,
            @Schema(description = "Up to 100 slugs of the caller's communities; none = all of them") List<String> communities,
            @JsonProperty("event_types") @Schema(description = "<source>.<event_type> or <source>.*; none = all")
            List<String> eventTypes) {
    }

    @Schema(name = "Subscription", description = "A subscription (never its secret; a create without one answers "
            + "the generated secret once, in 'secret')")
    public record Subscription(String id, String url, List<String> communities,
            @JsonProperty("event_types") List<String> eventTypes,
            @JsonProperty("previous_secret_valid_until") @Schema(nullable = true) String previousSecretValidUntil,
            @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
            @Schema(description = "Only in the answer to a create without a secret") String secret) {
    }

    @Schema(name = "SubscriptionPage", description = "A page of the caller's subscriptions, newest first")
    public record SubscriptionPage(List<Subscription> items, @Schema(nullable = true) String next) {
    }

    @Schema(name = "ReplayRequest", description = "Where a replay starts")
    public record ReplayRequest(@Schema(description = "ISO-8601 time with an offset") String from) {
    }

    @Schema(name = "Replay", description = "A replay and its progress")
    public record Replay(String id, String subscription, String from, String state, int matched, int delivered,
            @JsonProperty("dead_lettered") int deadLettered, @Schema(nullable = true) String error) {
    }

    @Schema(name = "DeadLetter", description = "A delivery that gave up: never the receiver's body")
    public record DeadLetter(@JsonProperty("event_id") String eventId, String community, String source,
            @JsonProperty("event_type") String eventType, String cause, String reason, int attempts,
            @JsonProperty("last_status") @Schema(nullable = true) Integer lastStatus) {
    }

    @Schema(name = "DeadLetterPage", description = "A page of dead letters, oldest first")
    public record DeadLetterPage(List<DeadLetter> items, @Schema(nullable = true) String next) {
    }
}
