package org.metagov.runner.service;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Identities;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.PluginContext;
import org.metagov.sdk.PluginState;
import org.metagov.sdk.http.PlatformHttp;

/**
 * What plugin code sees when there is no instance: {@code validateConfig} on a config not enabled yet, or an
 * answering receiver for a hook no instance matched (a Discord PING, Slack's {@code url_verification}). The config,
 * the platform client and the settings work; state, events, identity and the platform id are refused (a plugin bug,
 * answered as its failure), with {@code refusal} saying why.
 */
final class NoInstanceContext implements PluginContext {

    private final String community;
    private final JsonNode config;
    private final PlatformHttp http;
    private final Map<String, String> settings;
    private final String refusal;

    NoInstanceContext(String community, JsonNode config, PlatformHttp http, Map<String, String> settings,
            String refusal) {
        this.community = community;
        this.config = config;
        this.http = http;
        this.settings = settings;
        this.refusal = refusal;
    }

    @Override
    public String community() {
        return community;
    }

    @Override
    public JsonNode config() {
        return config;
    }

    @Override
    public PlatformHttp http() {
        return http;
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    @Override
    public PluginState state() {
        throw refused("state()");
    }

    @Override
    public void sendEventToDriver(String pluginName, String eventType, JsonNode data, Initiator initiator) {
        throw refused("sendEventToDriver");
    }

    @Override
    public void communityPlatformId(String id) {
        throw refused("setCommunityPlatformId");
    }

    @Override
    public Identities identity() {
        throw refused("identity()");
    }

    private IllegalStateException refused(String what) {
        return new IllegalStateException(what + " is not available " + refusal);
    }
}
