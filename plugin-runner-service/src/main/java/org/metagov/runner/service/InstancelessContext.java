package org.metagov.runner.service;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Identities;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginContext;
import org.metagov.sdk.PluginState;
import org.metagov.sdk.http.PlatformHttp;

/**
 * What an answering receiver sees when no instance matched its hook (a Discord PING, Slack's
 * {@code url_verification}, GitHub's {@code installation} event before the install completed): no community, an
 * empty config, the deployment's settings and the plugin's HTTP client; state, identity and events are refused.
 */
final class InstancelessContext implements PluginContext {

    private final PlatformHttp http;
    private final Map<String, String> settings;

    InstancelessContext(PlatformHttp http, Map<String, String> settings) {
        this.http = http;
        this.settings = settings;
    }

    @Override
    public String community() {
        return null;
    }

    @Override
    public JsonNode config() {
        return Json.object();
    }

    @Override
    public PluginState state() {
        throw refused("state");
    }

    @Override
    public PlatformHttp http() {
        return http;
    }

    @Override
    public void sendEventToDriver(String pluginName, String eventType, JsonNode data, Initiator initiator) {
        throw refused("driver events");
    }

    @Override
    public void communityPlatformId(String id) {
        throw refused("a community platform id");
    }

    @Override
    public Identities identity() {
        throw refused("identities");
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    private static IllegalStateException refused(String what) {
        return new IllegalStateException("A receiver running without an instance (hasInstance() false) has no "
                + what);
    }
}
