package org.metagov.runner.plugins.loomio;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * {@code loomio.poll}, as upstream's example driver starts it ({@code title}, {@code options}, {@code details},
 * {@code closing_at}; {@code poll_type} defaults to {@code poll}). Push and pull: Loomio's webhooks for this poll
 * (their {@code url} starts with {@code /p/{key}} of the site) and update ticks re-read it. The outcome is upstream's
 * {@code votes: {option: {count, users}}} plus the turnout. Loomio has no API to close a poll: a DELETE completes our
 * record and says in {@code errors.close} that the Loomio poll stays open until its closing time.
 */
@GovernanceProcess(name = "poll", description = "A Loomio poll; results from Loomio's webhooks and update ticks",
        inputSchema = "poll.input.json", outcomeSchema = "poll.outcome.json")
public class LoomioPoll extends ProcessBase<LoomioPlugin> {

    /** Webhook kinds after which the poll is read again: a vote, or the poll closing. */
    static final Set<String> READ_AGAIN = Set.of("stance_created", "poll_closed_by_user", "poll_expired");

    static final String NOT_CLOSABLE = "Loomio has no API to close a poll: the Loomio poll stays open until its "
            + "closing time";

    @Override
    public void start(JsonNode parameters) {
        int keyIndex = plugin().indexFor(parameters.path("subgroup").asText(null));
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("poll_type", List.of("poll"));
        parameters.properties().forEach(field -> {
            String name = switch (field.getKey()) {
                case "options", "recipient_emails", "recipient_user_ids" -> field.getKey() + "[]";
                default -> field.getKey();
            };
            if (!field.getKey().equals("subgroup") && !field.getValue().isNull()) {
                form.put(name, LoomioPlugin.values(field.getValue()));
            }
        });
        form.put("api_key", List.of(plugin().keyAt(keyIndex)));
        JsonNode created = plugin().post("/api/b1/polls", form);
        if (created.has("errors")) {
            throw PluginException.platformFailure("Loomio did not create the poll", List.of(created.get("errors")));
        }
        String key = created.path("polls").path(0).path("key").asText("");
        if (key.isEmpty()) {
            throw PluginException.failure("Loomio's answer names no poll", null);
        }
        state().set("poll_key", key);
        setUrl(pollUrl()); // the record's url, as upstream's Loomio poll sets it
        state().set("key_index", keyIndex);
        if (parameters.hasNonNull("closing_at")) {
            Instant closing = closingTime(parameters.get("closing_at").asText());
            if (closing != null) {
                updateAt(closing);
            }
        }
        setOutcome(outcome(created, false));
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void update() {
        read();
    }

    /** Hooks of this poll only: Loomio's 2021 markdown webhook, {@code kind} and {@code url}. */
    @Override
    public void receiveWebhook(WebhookRequest webhook) {
        JsonNode body;
        try {
            body = webhook.json();
        } catch (PluginException notJson) {
            return;
        }
        String url = body.path("url").asText("");
        if (!url.startsWith(pollUrl()) || !READ_AGAIN.contains(body.path("kind").asText())) {
            return;
        }
        // the URL must be this poll's, not one whose key merely starts the same: /p/{key}, then / or ? or its end
        String rest = url.substring(pollUrl().length());
        if (!rest.isEmpty() && rest.charAt(0) != '/' && rest.charAt(0) != '?') {
            return;
        }
        read();
    }

    @Override
    public void close() {
        setErrors(Json.object().put("close", NOT_CLOSABLE));
        setStatus(ProcessStatus.COMPLETED);
    }

    private void read() {
        JsonNode poll = plugin().get("/api/b1/polls/" + state().get("poll_key").asText(),
                plugin().keyAt(state().get("key_index").asInt()));
        if (poll.has("errors")) {
            setErrors(Json.object().set("message", poll.get("errors"))); // upstream: kept, not fatal
        }
        setOutcome(outcome(poll, true));
        if (!poll.path("polls").path(0).path("closed_at").isNull()
                && !poll.path("polls").path(0).path("closed_at").isMissingNode()) {
            setStatus(ProcessStatus.COMPLETED);
        }
    }

    private String pollUrl() {
        return plugin().siteUrl() + "/p/" + state().get("poll_key").asText();
    }

    /** Upstream's {@code create_vote_dict}: per option {count: total_score, users: voter ids in Loomio's order}. */
    private ObjectNode outcome(JsonNode answer, boolean turnout) {
        ObjectNode votes = Json.object();
        for (JsonNode option : answer.path("poll_options")) {
            ArrayNode users = Json.MAPPER.createArrayNode();
            option.path("voter_scores").fieldNames().forEachRemaining(users::add);
            ObjectNode entry = Json.object();
            entry.set("count", option.path("total_score").isMissingNode() ? Json.of(0) : option.get("total_score"));
            entry.set("users", users);
            votes.set(option.path("name").asText(), entry);
        }
        ObjectNode outcome = Json.object();
        outcome.set("votes", votes);
        outcome.put("poll_url", pollUrl());
        if (turnout) {
            JsonNode poll = answer.path("polls").path(0);
            for (String field : List.of("voters_count", "undecided_voters_count", "cast_stances_pct")) {
                outcome.set(field, poll.path(field).isMissingNode() ? null : poll.get(field));
            }
        }
        return outcome;
    }

    private static Instant closingTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                return null; // Loomio judges the value; the hourly tick still reads the poll
            }
        }
    }
}
