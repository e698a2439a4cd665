package org.metagov.runner.plugins.randomness;

import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;

/** Metagov's randomness plugin: random numbers and a persisted lucky number. */
@Plugin(name = "randomness", description = "Random numbers, for testing drivers", configSchema = "config.schema.json")
public class RandomnessPlugin extends PluginBase {

    @Override
    public void initialize() {
        state().set("lucky_number", 4);
    }

    @Action(slug = "random-int", description = "A random integer with low <= value < high",
            inputSchema = "random-int.input.json", outputSchema = "random-int.output.json")
    public JsonNode randomInt(JsonNode parameters) {
        int low = parameters.path("low").asInt(config().path("default_low").asInt(0));
        int high = parameters.path("high").asInt(config().path("default_high").asInt(100));
        if (low >= high) {
            throw PluginException.badRequest("low (" + low + ") must be less than high (" + high + ")");
        }
        return Json.object().put("value", ThreadLocalRandom.current().nextInt(low, high));
    }

    @Action(slug = "set-lucky-number", description = "Stores the community's lucky number",
            inputSchema = "set-lucky-number.input.json", outputSchema = "lucky-number.output.json")
    public JsonNode setLuckyNumber(JsonNode parameters) {
        int lucky = parameters.get("lucky_number").asInt();
        state().set("lucky_number", lucky);
        return Json.object().put("lucky_number", lucky);
    }

    @Action(slug = "get-lucky-number", description = "The community's lucky number (4 until set)",
            outputSchema = "lucky-number.output.json")
    public JsonNode getLuckyNumber() {
        return Json.object().set("lucky_number", state().get("lucky_number"));
    }
}
