package org.metagov.sdk;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.http.PlatformHttp;

/** What the runner gives each plugin instance; plugin authors use it through {@link PluginBase}. */
public interface PluginContext {
    String community();

    /** The config as validated, with schema defaults filled in. */
    JsonNode config();

    PluginState state();

    /** The one HTTP client for calls to the platform, with the outbound address policy, limits and metrics. */
    PlatformHttp http();

    /** Puts an event on the way to the driver's receiver (seed 003 "Subscribing to Events"). */
    void sendEventToDriver(String pluginName, String eventType, JsonNode data, Initiator initiator);

    /** The community's identities: accounts linked from plugin code. */
    Identities identity();
}
