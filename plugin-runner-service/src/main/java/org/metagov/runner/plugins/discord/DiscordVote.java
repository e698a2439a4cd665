package org.metagov.runner.plugins.discord;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.runner.plugins.common.OptionVotes;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * {@code discord.vote} as upstream: a message with one button per option ({@code custom_id = cast_vote_<option>});
 * a click on this message is one user's one vote, answered in the interaction's own response with UPDATE_MESSAGE
 * (type 7: the new counts) or, for an ineligible user, an ephemeral note (type 4). Outcome
 * {@code {"votes": {<option>: {"users", "count"}}, "message_id"}}; the record's url is the message's link. DELETE
 * completes it without a call, as upstream.
 */
@GovernanceProcess(name = "vote", description = "A vote by buttons on a Discord message",
        inputSchema = "vote.input.json", outcomeSchema = "vote.outcome.json")
public class DiscordVote extends ProcessBase<DiscordPlugin> {

    static final String PREFIX = "cast_vote_";
    static final String DEFAULT_INELIGIBLE = "You are not eligible to vote in this poll.";
    static final int MAX_BUTTONS = 25; // 5 action rows of 5

    @Override
    public void start(JsonNode parameters) {
        boolean yesNo = parameters.path("poll_type").asText().equals("boolean");
        List<String> options = options(parameters);
        if (options.isEmpty() || options.size() > MAX_BUTTONS) {
            throw PluginException.badRequest(yesNo ? "A vote needs options" : "A choice vote has 1 to 25 options");
        }
        String channel = parameters.path("channel").asText();
        state().set("parameters", parameters);
        OptionVotes votes = OptionVotes.empty(options);
        ObjectNode message = Json.object().put("content", content(parameters, votes));
        message.set("components", components(parameters));
        String messageId = plugin().postMessage(channel, message).path("id").asText();
        setUrl("https://discord.com/channels/" + plugin().guildId() + "/" + channel + "/" + messageId);
        setOutcome(outcome(votes, messageId));
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public WebhookResponse answerWebhook(WebhookRequest webhook) {
        JsonNode click = webhook.json();
        String customId = click.path("data").path("custom_id").asText();
        if (click.path("type").asInt() != 3 || !customId.startsWith("cast_vote")
                || !click.path("message").path("id").asText().equals(outcome().path("message_id").asText())) {
            return null;
        }
        plugin().verify(webhook);
        JsonNode parameters = state().get("parameters");
        String user = DiscordPlugin.userOf(click);
        if (user == null || !OptionVotes.eligible(parameters, user)) {
            ObjectNode note = Json.object().put("type", 4);
            note.putObject("data").put("content", parameters.path("ineligible_voter_message")
                    .asText(DEFAULT_INELIGIBLE)).put("flags", 64);
            return WebhookResponse.json(200, note);
        }
        OptionVotes votes = OptionVotes.of(outcome().path("votes"));
        String option = customId.startsWith(PREFIX) ? customId.substring(PREFIX.length()) : "";
        if (!votes.isOption(option)) {
            return null;
        }
        votes.cast(user, option); // a replayed click changes nothing and is answered the same
        setOutcome(outcome(votes, outcome().path("message_id").asText()));
        ObjectNode update = Json.object().put("type", 7);
        ObjectNode data = update.putObject("data").put("content", content(parameters, votes));
        data.set("components", components(parameters));
        return WebhookResponse.json(200, update);
    }

    @Override
    public void receiveWebhook(WebhookRequest webhook) {
        answerWebhook(webhook); // a click handed over without waiting for an answer is still counted
    }

    @Override
    public void close() {
        complete(outcome());
    }

    static List<String> options(JsonNode parameters) {
        if (parameters.path("poll_type").asText().equals("boolean")) {
            return List.of("yes", "no");
        }
        List<String> options = new ArrayList<>();
        parameters.path("options").forEach(o -> options.add(o.asText()));
        return options;
    }

    /** As upstream: the title in bold, the details, then each option's label and count. */
    static String content(JsonNode parameters, OptionVotes votes) {
        boolean yesNo = parameters.path("poll_type").asText().equals("boolean");
        StringBuilder text = new StringBuilder("\n\n**").append(parameters.path("title").asText()).append("**");
        if (parameters.hasNonNull("details")) {
            text.append("\n\n").append(parameters.get("details").asText());
        }
        for (String option : options(parameters)) {
            String label = yesNo ? (option.equals("yes") ? "Approvals" : "Rejections") : option;
            text.append("\n\n").append(label).append("   (").append(votes.count(option)).append(")");
        }
        return text.toString();
    }

    /** Action rows of at most five buttons: 👍/👎 for yes/no, the option's text for a choice. */
    static ArrayNode components(JsonNode parameters) {
        boolean yesNo = parameters.path("poll_type").asText().equals("boolean");
        ArrayNode rows = Json.MAPPER.createArrayNode();
        ArrayNode row = null;
        for (String option : options(parameters)) {
            if (row == null || row.size() == 5) {
                ObjectNode actionRow = rows.addObject().put("type", 1);
                row = actionRow.putArray("components");
            }
            ObjectNode button = row.addObject().put("type", 2).put("label", yesNo ? "" : option).put("style", 1)
                    .put("custom_id", PREFIX + option).put("disabled", false);
            if (yesNo) {
                button.putObject("emoji").put("name", option.equals("yes") ? "\uD83D\uDC4D" : "\uD83D\uDC4E");
            }
        }
        return rows;
    }

    static ObjectNode outcome(OptionVotes votes, String messageId) {
        ObjectNode outcome = Json.object();
        outcome.set("votes", votes.json());
        return outcome.put("message_id", messageId);
    }
}
