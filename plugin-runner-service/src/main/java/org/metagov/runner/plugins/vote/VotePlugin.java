package org.metagov.runner.plugins.vote;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.process.ProcessAccess;

/**
 * Polls that need no platform: Metagov keeps the ballots and the time ({@link Poll}); members vote through the
 * driver with {@code vote.cast}.
 */
@Plugin(name = "vote", description = "Polls run by Metagov itself, with no platform behind them")
public class VotePlugin extends PluginBase {

    private final ProcessAccess processes;

    public VotePlugin(ProcessAccess processes) {
        this.processes = processes;
    }

    @Action(slug = "cast", description = "Casts (or replaces) a voter's ballot in a pending vote.poll",
            inputSchema = "cast.input.json", outputSchema = "poll.outcome.json")
    public JsonNode cast(JsonNode parameters) {
        List<String> choices = new ArrayList<>();
        parameters.get("choices").forEach(c -> choices.add(c.asText()));
        String voter = parameters.get("voter").asText();
        return processes.change(community(), parameters.get("process_id").asText(), Poll.class,
                poll -> poll.cast(voter, choices));
    }
}
