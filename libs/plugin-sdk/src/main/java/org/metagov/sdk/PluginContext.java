package org.metagov.sdk;

import java.util.Optional;

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

    /**
     * Records the platform's id of the community this instance serves, learnt from the platform in
     * {@code initialize()} (Loomio's group; a plugin whose config holds it declares {@code @Plugin(platformIdKey)}
     * instead). Drivers see it as {@code community_platform_id}; platform-wide hooks are routed by it.
     */
    void communityPlatformId(String id);

    /** The community's identities: accounts linked from plugin code. */
    Identities identity();

    /**
     * A deployment-wide setting the operator set (the same for every community), by its environment name, e.g.
     * {@code LOOMIO_API_BASE_URL}: platform addresses, this deployment's public URL. Empty when not set. Only the
     * settings the runner declares are visible (never arbitrary environment variables: no secrets leak this way).
     */
    default Optional<String> setting(String name) {
        return Optional.empty();
    }
}
