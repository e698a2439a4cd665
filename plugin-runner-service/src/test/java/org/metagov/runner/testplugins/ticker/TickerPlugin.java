package org.metagov.runner.testplugins.ticker;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.EventProducer;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;

/**
 * A polling plugin that exists only in tests: every run counts itself in state and tells the driver, except the
 * second run, which fails as a platform outage would.
 */
@Plugin(name = "ticker", description = "Test plugin with a one-second polling task")
public class TickerPlugin extends PluginBase {

    @EventProducer(intervalSeconds = 1)
    public void poll() {
        JsonNode runs = state().get("runs");
        int run = runs == null || runs.isNull() || runs.isMissingNode() ? 1 : runs.asInt() + 1;
        state().set("runs", run);
        if (run == 2) {
            throw new IllegalStateException("platform unavailable");
        }
        sendEventToDriver("tick", Json.object().put("run", run).put("at", System.currentTimeMillis()), null);
    }
}
