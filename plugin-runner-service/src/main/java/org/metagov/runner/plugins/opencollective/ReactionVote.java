package org.metagov.runner.plugins.opencollective;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * {@code opencollective.vote}: a yes/no vote by reactions on a new conversation, as upstream. Update ticks count the
 * root comment's 👍️ (with U+FE0F, as Open Collective keys it) as yes and 👎 as no; the driver's DELETE counts once
 * more, marks the title {@code [CLOSED]}, comments the final count and completes.
 */
@GovernanceProcess(name = "vote", description = "A yes/no vote by reactions on an Open Collective conversation",
        inputSchema = "vote.input.json", outcomeSchema = "vote.outcome.json")
public class ReactionVote extends ProcessBase<OpenCollectivePlugin> {

    static final String YES = "\uD83D\uDC4D\uFE0F";
    static final String NO = "\uD83D\uDC4E";

    @Override
    public void start(JsonNode parameters) {
        String title = parameters.path("title").asText();
        JsonNode conversation = plugin().conversation(title, parameters.path("details").asText(""),
                List.of("metagov-vote"));
        state().set("conversation_id", conversation.path("id").asText());
        state().set("title", title);
        state().set("url", conversation.path("url").asText());
        if (conversation.path("url").asText("").startsWith("http")) {
            setUrl(conversation.path("url").asText());
        }
        setOutcome(outcome(0, 0));
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void update() {
        count();
    }

    @Override
    public void close() {
        ObjectNode counted = count();
        String id = state().get("conversation_id").asText();
        plugin().graphql(Queries.EDIT_CONVERSATION, Json.object().put("id", id)
                .put("title", "[CLOSED] " + state().get("title").asText()));
        plugin().comment("Voting period is closed. Final count is " + counted.path("votes").path("yes").asInt()
                + " for and " + counted.path("votes").path("no").asInt() + " against.", id, null);
        setStatus(ProcessStatus.COMPLETED);
    }

    private ObjectNode count() {
        JsonNode reactions = plugin().graphql(Queries.CONVERSATION, Json.object()
                .put("id", state().get("conversation_id").asText())).path("conversation").path("body")
                .path("reactions");
        ObjectNode outcome = outcome(reactions.path(YES).asInt(0), reactions.path(NO).asInt(0));
        setOutcome(outcome);
        return outcome;
    }

    private ObjectNode outcome(int yes, int no) {
        ObjectNode outcome = Json.object();
        outcome.set("votes", Json.object().put("yes", yes).put("no", no));
        outcome.put("url", state().get("url").asText()); // upstream HEAD: the record's url
        return outcome;
    }
}
