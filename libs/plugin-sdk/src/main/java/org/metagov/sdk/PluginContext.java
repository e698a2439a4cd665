package org.metagov.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/** What the runner gives each plugin instance; plugin authors use it through {@link PluginBase}. */
public interface PluginContext {
    String community();

    /** The config as validated, with schema defaults filled in. */
    JsonNode config();

    PluginState state();

    /** Puts an event on the way to the driver's receiver (seed 003 "Subscribing to Events"). */
    void sendEventToDriver(String pluginName, String eventType, JsonNode data, Initiator initiator);

    /** The community's identities: accounts linked from plugin code. */
    Identities identity();
}
