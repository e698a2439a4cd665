package org.metagov.runner.plugins.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;

import org.metagov.runner.plugins.common.OptionVotes;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * {@code slack.emoji-vote} as upstream: a Block Kit message with one button per option (not reactions); each
 * {@code cast_vote} click on this message (by {@code message.ts}) is one user's one vote, the message is redrawn
 * through the click's {@code response_url}. Ineligible voters get an ephemeral note. DELETE removes the buttons
 * ({@code chat.update}) and completes. Outcome {@code {"votes": {<option>: {"users", "count"}}, "channel",
 * "message_ts"}}; the record's url is the message's permalink.
 */
@GovernanceProcess(name = "emoji-vote", description = "A vote by buttons on a Slack message",
        inputSchema = "emoji-vote.input.json", outcomeSchema = "emoji-vote.outcome.json")
public class EmojiVote extends ProcessBase<SlackPlugin> {

    static final Map<String, List<String>> EMOJI_FAMILIES = Map.of(
            "numbers", List.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "keycap_ten"),
            "flowers", List.of("tulip", "sunflower", "cherry_blossom", "rose", "hibiscus", "blossom", "bouquet",
                    "white_flower", "wilted_flower"),
            "hearts", List.of("heart", "orange_heart", "yellow_heart", "green_heart", "blue_heart", "purple_heart",
                    "black_heart", "white_heart", "brown_heart"));
    static final String DEFAULT_INELIGIBLE = "You are not eligible to vote in this poll.";

    @Override
    public void start(JsonNode parameters) {
        boolean yesNo = parameters.path("poll_type").asText().equals("boolean");
        List<String> options = yesNo ? List.of("yes", "no") : texts(parameters.path("options"));
        if (options.isEmpty()) {
            throw PluginException.badRequest("options are required for a choice vote");
        }
        List<String> family = EMOJI_FAMILIES.get(parameters.path("emoji_family").asText("numbers"));
        if (!yesNo && options.size() > family.size()) {
            throw PluginException.badRequest("At most " + family.size() + " options with this emoji_family");
        }
        String channel = parameters.path("channel").asText(null);
        if (channel == null && parameters.path("eligible_voters").isEmpty()) {
            throw PluginException.badRequest("channel or eligible_voters is required");
        }
        state().set("parameters", parameters);
        OptionVotes votes = OptionVotes.empty(options);
        JsonNode posted = plugin().postMessage(channel, parameters.get("eligible_voters"),
                Map.of("blocks", Json.of(blocks(parameters, votes, true))));
        String ts = posted.path("ts").asText();
        String postedIn = posted.path("channel").asText(channel);
        JsonNode link = plugin().api().call("chat.getPermalink",
                Map.of("channel", Json.of(postedIn), "message_ts", Json.of(ts)));
        setUrl(link.path("permalink").asText(null));
        setOutcome(outcome(votes, postedIn, ts));
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void receiveWebhook(WebhookRequest webhook) {
        JsonNode click = SlackPlugin.interaction(webhook);
        if (click == null || !click.path("type").asText().equals("block_actions")
                || !click.path("message").path("ts").asText().equals(outcome().path("message_ts").asText())
                || !click.path("actions").path(0).path("action_id").asText().equals("cast_vote")) {
            return;
        }
        plugin().verify(webhook);
        JsonNode parameters = state().get("parameters");
        String user = click.path("user").path("id").asText();
        String channel = outcome().path("channel").asText();
        if (!OptionVotes.eligible(parameters, user)) {
            plugin().api().call("chat.postEphemeral", Map.of("channel", Json.of(channel), "user", Json.of(user),
                    "text", Json.of(parameters.path("ineligible_voter_message").asText(DEFAULT_INELIGIBLE))));
            return;
        }
        OptionVotes votes = OptionVotes.of(outcome().path("votes"));
        String option = click.path("actions").path(0).path("value").asText();
        if (!votes.isOption(option) || !votes.cast(user, option)) {
            return;
        }
        setOutcome(outcome(votes, channel, outcome().path("message_ts").asText()));
        redraw(click.path("response_url").asText(""), blocks(parameters, votes, true));
    }

    @Override
    public void close() {
        JsonNode parameters = state().get("parameters");
        OptionVotes votes = OptionVotes.of(outcome().path("votes"));
        plugin().api().call("chat.update", Map.of("channel", outcome().path("channel"),
                "ts", outcome().path("message_ts"), "blocks", Json.of(blocks(parameters, votes, false))));
        complete(outcome());
    }

    /** As upstream: {@code {"replace_original": "true", "blocks": "<JSON text>"}}; a failure keeps the vote. */
    private void redraw(String responseUrl, ArrayNode blocks) {
        if (responseUrl.isEmpty()) {
            return;
        }
        try {
            plugin().httpForVotes().postJson(responseUrl, Json.object().put("replace_original", "true")
                    .put("blocks", blocks.toString()), Map.of()).requireSuccess();
        } catch (PluginException e) {
            Log.warnf("Slack vote %s: the message could not be redrawn (%s); the vote is counted", id(),
                    e.getMessage());
        }
    }

    /** The header, then one section per option with its count, voters and (while open) its button. */
    static ArrayNode blocks(JsonNode parameters, OptionVotes votes, boolean buttons) {
        boolean yesNo = parameters.path("poll_type").asText().equals("boolean");
        List<String> options = yesNo ? List.of("yes", "no") : texts(parameters.path("options"));
        List<String> family = EMOJI_FAMILIES.get(parameters.path("emoji_family").asText("numbers"));
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        String header = "*" + parameters.path("title").asText() + "*\n"
                + (parameters.hasNonNull("details") ? parameters.get("details").asText() + "\n" : "");
        blocks.add(section(header));
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            String label = yesNo ? (option.equals("yes") ? "Approve" : "Reject") : option;
            List<String> voters = new ArrayList<>();
            votes.users(option).forEach(u -> voters.add("<@" + u + ">"));
            ObjectNode block = section(label + "   `" + votes.count(option) + "`"
                    + (voters.isEmpty() ? "" : " (" + String.join(", ", voters) + ")"));
            if (buttons) {
                String emoji = yesNo ? (option.equals("yes") ? "+1" : "-1") : family.get(i);
                ObjectNode button = block.putObject("accessory").put("type", "button");
                button.putObject("text").put("type", "plain_text").put("text", ":" + emoji + ":").put("emoji", true);
                button.put("value", option).put("action_id", "cast_vote");
            }
            blocks.add(block);
        }
        return blocks;
    }

    static ObjectNode section(String markdown) {
        ObjectNode section = Json.object().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", markdown);
        return section;
    }

    static ObjectNode outcome(OptionVotes votes, String channel, String ts) {
        ObjectNode outcome = Json.object();
        outcome.set("votes", votes.json());
        return outcome.put("channel", channel).put("message_ts", ts);
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
