package org.metagov.runner.plugins.slack;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.runner.plugins.common.OptionVotes;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * {@code slack.advanced-vote} as upstream: one {@code static_select} of the options per candidate
 * ({@code action_id = advanced_vote.<candidate>}); each selection on this message sets that user's choice for that
 * candidate. Outcome in upstream's shape {@code {"votes": {<user>: {<candidate>: <option>}}}}, with
 * {@code channel} and {@code message_ts}. DELETE removes the selects and completes.
 */
@GovernanceProcess(name = "advanced-vote", description = "A vote with one choice per candidate on a Slack message",
        inputSchema = "advanced-vote.input.json", outcomeSchema = "advanced-vote.outcome.json")
public class AdvancedVote extends ProcessBase<SlackPlugin> {

    static final String PREFIX = "advanced_vote.";

    @Override
    public void start(JsonNode parameters) {
        String channel = parameters.path("channel").asText(null);
        if (channel == null && parameters.path("eligible_voters").isEmpty()) {
            throw PluginException.badRequest("channel or eligible_voters is required");
        }
        state().set("parameters", parameters);
        JsonNode posted = plugin().postMessage(channel, parameters.get("eligible_voters"),
                Map.of("blocks", Json.of(blocks(parameters, true))));
        String ts = posted.path("ts").asText();
        String postedIn = posted.path("channel").asText(channel);
        JsonNode link = plugin().api().call("chat.getPermalink",
                Map.of("channel", Json.of(postedIn), "message_ts", Json.of(ts)));
        setUrl(link.path("permalink").asText(null));
        ObjectNode outcome = Json.object();
        outcome.putObject("votes");
        setOutcome(outcome.put("channel", postedIn).put("message_ts", ts));
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void receiveWebhook(WebhookRequest webhook) {
        JsonNode selection = SlackPlugin.interaction(webhook);
        if (selection == null || !selection.path("type").asText().equals("block_actions")
                || !selection.path("message").path("ts").asText().equals(outcome().path("message_ts").asText())
                || !selection.path("actions").path(0).path("action_id").asText().startsWith(PREFIX)) {
            return;
        }
        plugin().verify(webhook);
        JsonNode parameters = state().get("parameters");
        String user = selection.path("user").path("id").asText();
        if (!OptionVotes.eligible(parameters, user)) {
            plugin().api().call("chat.postEphemeral", Map.of("channel", outcome().path("channel"),
                    "user", Json.of(user), "text", Json.of(parameters.path("ineligible_voter_message")
                            .asText(EmojiVote.DEFAULT_INELIGIBLE))));
            return;
        }
        List<String> candidates = EmojiVote.texts(parameters.path("candidates"));
        List<String> options = EmojiVote.texts(parameters.path("options"));
        ObjectNode outcome = outcome().deepCopy();
        ObjectNode votes = outcome.with("votes");
        for (JsonNode action : selection.path("actions")) {
            String candidate = action.path("action_id").asText().substring(Math.min(PREFIX.length(),
                    action.path("action_id").asText().length()));
            String option = action.path("selected_option").path("value").asText(null);
            if (action.path("action_id").asText().startsWith(PREFIX) && candidates.contains(candidate)
                    && options.contains(option)) {
                votes.with(user).put(candidate, option);
            }
        }
        setOutcome(outcome);
    }

    @Override
    public void close() {
        plugin().api().call("chat.update", Map.of("channel", outcome().path("channel"),
                "ts", outcome().path("message_ts"), "blocks", Json.of(blocks(state().get("parameters"), false))));
        complete(outcome());
    }

    static ArrayNode blocks(JsonNode parameters, boolean selects) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        blocks.add(EmojiVote.section("*" + parameters.path("title").asText() + "*\n"
                + (parameters.hasNonNull("details") ? parameters.get("details").asText() + "\n" : "")));
        for (String candidate : EmojiVote.texts(parameters.path("candidates"))) {
            ObjectNode block = EmojiVote.section(candidate);
            if (selects) {
                ObjectNode select = block.putObject("accessory").put("type", "static_select")
                        .put("action_id", PREFIX + candidate);
                select.putObject("placeholder").put("type", "plain_text").put("text", "Select an option");
                ArrayNode choices = select.putArray("options");
                for (String option : EmojiVote.texts(parameters.path("options"))) {
                    ObjectNode choice = choices.addObject();
                    choice.putObject("text").put("type", "plain_text").put("text", option);
                    choice.put("value", option);
                }
            }
            blocks.add(block);
        }
        return blocks;
    }
}
