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
        updateIntervalSeconds = 3600) // woken by updateAt at its closing time; the hourly tick is a safety net
public class DelayedStochasticVote extends ProcessBase<RandomnessPlugin> {

    @Override
    public void start(JsonNode parameters) {
        long delayMillis = Math.round(parameters.get("delay").asDouble() * 60_000);
        Instant closesAt = Instant.now().plusMillis(delayMillis);
        state().set("options", parameters.get("options"));
        state().set("closes_at", closesAt.toString());
        setStatus(ProcessStatus.PENDING);
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
