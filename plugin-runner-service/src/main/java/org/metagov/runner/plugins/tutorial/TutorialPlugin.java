package org.metagov.runner.plugins.tutorial;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;

/** Seed 001's tutorial plugin, as a Java author writes it. */
@Plugin(name = "tutorial", description = "The plugin of the Metagov plugin tutorial", configSchema = "config.schema.json")
public class TutorialPlugin extends PluginBase {

    @Override
    public void initialize() {
        state().set("foo", "bar");
    }

    @Action(slug = "times-two", description = "Multiplies a number by two",
            inputSchema = "times-two.input.json", outputSchema = "times-two.output.json")
    public JsonNode timesTwo(JsonNode parameters) {
        JsonNode value = parameters.get("value");
        return Json.object().put("result", value.isIntegralNumber() ? value.asLong() * 2 : value.asDouble() * 2);
    }
}
