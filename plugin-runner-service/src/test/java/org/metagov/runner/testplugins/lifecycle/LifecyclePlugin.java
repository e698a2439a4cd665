package org.metagov.runner.testplugins.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;

/**
 * A plugin that exists only in tests and shows its lifecycle: {@code initialize()}, each {@code onConfigChange}
 * and a note live in state ({@code read} returns them); a change of {@code epoch} resets the state;
 * {@code onDisable()} fails its first {@code fail_disable} tries (counted in state), then tells the driver
 * {@code torn_down} with the try that completed.
 */
@Plugin(name = "lifecycle", description = "Test plugin that records its lifecycle", configSchema = "config.schema.json",
        resetStateOn = "epoch")
public class LifecyclePlugin extends PluginBase {

    @Override
    public void initialize() {
        JsonNode before = state().get("initialized");
        state().set("initialized", before == null ? 1 : before.asInt() + 1);
    }

    @Override
    public void onConfigChange(JsonNode oldConfig, JsonNode newConfig) {
        JsonNode before = state().get("changes");
        ArrayNode changes = before instanceof ArrayNode a ? a : Json.MAPPER.createArrayNode();
        changes.add(oldConfig.path("label").asText() + "->" + newConfig.path("label").asText());
        state().set("changes", changes);
    }

    @Override
    public void onDisable() {
        JsonNode before = state().get("disable_tries");
        int tries = before == null ? 1 : before.asInt() + 1;
        state().set("disable_tries", tries);
        if (tries <= config().path("fail_disable").asInt()) {
            throw new IllegalStateException("platform unavailable during teardown");
        }
        sendEventToDriver("torn_down", Json.object().put("tries", tries).put("label", config().path("label").asText())
                .put("note", state().get("note") == null ? null : state().get("note").asText()), null);
    }

    @Action(slug = "read", description = "The instance's config label, whether it has its token, and its state")
    public JsonNode read(JsonNode parameters) {
        ObjectNode out = Json.object().put("label", config().path("label").asText())
                .put("token", config().path("token").asText(null));
        for (String key : new String[] {"initialized", "changes", "note"}) {
            JsonNode value = state().get(key);
            if (value != null) {
                out.set(key, value);
            }
        }
        return out;
    }

    @Action(slug = "note", description = "Keeps a note in state")
    public JsonNode note(JsonNode parameters) {
        state().set("note", parameters.path("text").asText());
        return Json.object();
    }
}
