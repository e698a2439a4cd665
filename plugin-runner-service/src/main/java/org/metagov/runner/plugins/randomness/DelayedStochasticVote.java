package org.metagov.runner.plugins.randomness;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/** Metagov's {@code randomness.delayed-stochastic-vote}: after {@code delay} minutes, a random option wins. */
@GovernanceProcess(name = "delayed-stochastic-vote",
        description = "Picks a random winner among the options once the delay (minutes) has passed",
        inputSchema = "delayed-stochastic-vote.input.json", outcomeSchema = "delayed-stochastic-vote.outcome.json",
        updateIntervalSeconds = 3600, // woken by updateAt at its closing time; the hourly tick is a safety net
        reopenable = true) // re-opened: a new draw after the (new, or the same) delay
public class DelayedStochasticVote extends ProcessBase<RandomnessPlugin> {

    @Override
    public void start(JsonNode parameters) {
        state().set("options", parameters.get("options"));
        state().set("delay", parameters.get("delay").asDouble());
        wait(parameters.get("delay").asDouble());
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void reopen(JsonNode parameters) {
        if (parameters.has("options")) {
            state().set("options", parameters.get("options"));
        }
        JsonNode stored = state().get("delay");
        double delay = parameters.has("delay") ? parameters.get("delay").asDouble()
                : stored != null && stored.isNumber() ? stored.asDouble() : 0;
        state().set("delay", delay);
        wait(delay);
    }

    private void wait(double minutes) {
        Instant closesAt = Instant.now().plusMillis(Math.round(minutes * 60_000));
        state().set("closes_at", closesAt.toString());
        updateAt(closesAt); // woken at the delay's end rather than at the next regular tick
    }

    @Override
    public void update() {
        if (!Instant.now().isBefore(Instant.parse(state().get("closes_at").asText()))) {
            close();
        }
    }

    @Override
    public void close() {
        List<String> options = Json.MAPPER.convertValue(state().get("options"), new TypeReference<List<String>>() {
        });
        complete(Json.object().put("winner", options.get(ThreadLocalRandom.current().nextInt(options.size()))));
    }
}
