package org.metagov.runner.plugins.discourse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * {@code discourse.poll}: a poll of Discourse's poll plugin, created as a post with {@code [poll]} markup. Pull: its
 * results are read on update ticks and at its closing time (Discourse closes it then); the driver's DELETE closes it
 * through {@code polls/toggle_status}. The outcome is upstream's: {@code votes} maps each option's {@code html} to
 * its count, leaving out options without votes (Discourse omits counts it hides).
 */
@GovernanceProcess(name = "poll", description = "A poll in a Discourse post, read on update ticks",
        inputSchema = "poll.input.json", outcomeSchema = "poll.outcome.json")
public class DiscoursePoll extends ProcessBase<DiscoursePlugin> {

    @Override
    public void start(JsonNode parameters) {
        String pollType = parameters.path("poll_type").asText("regular");
        if (!pollType.equals("number") && parameters.path("options").size() == 0) {
            throw PluginException.badRequest("options are required unless poll_type is number");
        }
        ObjectNode body = Json.object().put("raw", markup(parameters, pollType))
                .put("title", parameters.path("title").asText());
        if (parameters.hasNonNull("category")) {
            body.set("category", parameters.get("category"));
        }
        if (parameters.hasNonNull("topic_id")) {
            body.set("topic_id", parameters.get("topic_id"));
        }
        JsonNode post = plugin().call("POST", "/posts.json", body, null, true);
        if (post == null || post.has("errors")) {
            throw PluginException.platformFailure("Discourse did not create the poll",
                    post == null ? List.of() : List.of(post.path("errors")));
        }
        state().set("post_id", post.path("id").asText());
        state().set("topic_id", post.path("topic_id").asText());
        state().set("topic_slug", post.path("topic_slug").asText());
        state().set("url", plugin().postUrl(post.path("topic_slug").asText(), post.path("topic_id").asText(),
                post.path("post_number").asText()));
        setUrl(state().get("url").asText());
        if (parameters.hasNonNull("closing_at")) {
            updateAt(closingTime(parameters.get("closing_at").asText()));
        }
        fold(Json.object());
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void update() {
        JsonNode post = plugin().call("GET", "/posts/" + state().get("post_id").asText() + ".json", null, null, true);
        fold(post.path("polls").path(0));
    }

    @Override
    public void close() {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("post_id", List.of(state().get("post_id").asText()));
        form.put("poll_name", List.of("poll"));
        form.put("status", List.of("closed"));
        JsonNode answer = plugin().call("PUT", "/polls/toggle_status", null, form, true);
        fold(answer.path("poll"));
        setStatus(ProcessStatus.COMPLETED);
    }

    private void fold(JsonNode poll) {
        ObjectNode votes = Json.object();
        for (JsonNode option : poll.path("options")) {
            if (option.path("votes").asInt(0) != 0) {
                votes.put(option.path("html").asText(), option.path("votes").asInt());
            }
        }
        ObjectNode outcome = Json.object();
        outcome.set("votes", votes);
        outcome.put("post_id", state().get("post_id").asText());
        outcome.put("topic_id", state().get("topic_id").asText());
        // the post holding the poll; upstream HEAD has it in the record's url, which our records do not carry yet
        outcome.put("url", state().get("url").asText());
        setOutcome(outcome);
        if ("closed".equals(poll.path("status").asText())) {
            setStatus(ProcessStatus.COMPLETED);
        }
    }

    /** The post body as upstream builds it: details, {@code [poll ...]}, the title, one line per option. */
    static String markup(JsonNode p, String pollType) {
        StringBuilder opts = new StringBuilder();
        option(opts, "close", p.path("closing_at"));
        if (p.path("groups").isArray() && !p.path("groups").isEmpty()) {
            StringBuilder groups = new StringBuilder();
            p.path("groups").forEach(g -> groups.append(groups.isEmpty() ? "" : ",").append(g.asText()));
            opts.append(" groups=").append(groups);
        }
        if (p.path("public").asBoolean(false)) {
            opts.append(" public=true");
        }
        option(opts, "chartType", p.path("chart_type"));
        option(opts, "min", p.path("min"));
        option(opts, "max", p.path("max"));
        option(opts, "step", p.path("step"));
        option(opts, "results", p.path("results"));
        StringBuilder raw = new StringBuilder("\n").append(p.path("details").asText("")).append("\n");
        raw.append("[poll type=").append(pollType).append(opts).append("]\n");
        raw.append("# ").append(p.path("title").asText()).append("\n");
        if (!pollType.equals("number")) {
            p.path("options").forEach(o -> raw.append("* ").append(o.asText()).append("\n"));
        }
        return raw.append("[/poll]").toString();
    }

    private static void option(StringBuilder opts, String name, JsonNode value) {
        if (value != null && !value.isMissingNode() && !value.isNull() && !value.asText().isEmpty()) {
            opts.append(' ').append(name).append('=').append(value.asText());
        }
    }

    static Instant closingTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw PluginException.badRequest("closing_at '" + value + "' is not a date or a date-time");
            }
        }
    }
}
