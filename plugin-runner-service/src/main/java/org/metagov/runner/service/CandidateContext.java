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
 * What {@code validateConfig} sees: a config that is not enabled yet, the platform client and the settings. There is
 * no instance, so state, events, identity and the platform id are refused (a plugin bug, answered as its failure).
 */
final class CandidateContext implements PluginContext {

    private final String community;
    private final JsonNode config;
    private final PlatformHttp http;
    private final Map<String, String> settings;

    CandidateContext(String community, JsonNode config, PlatformHttp http, Map<String, String> settings) {
        this.community = community;
        this.config = config;
        this.http = http;
        this.settings = settings;
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
        throw notAnInstance("state()");
    }

    @Override
    public void sendEventToDriver(String pluginName, String eventType, JsonNode data, Initiator initiator) {
        throw notAnInstance("sendEventToDriver");
    }

    @Override
    public void communityPlatformId(String id) {
        throw notAnInstance("setCommunityPlatformId");
    }

    @Override
    public Identities identity() {
        throw notAnInstance("identity()");
    }

    private static IllegalStateException notAnInstance(String what) {
        return new IllegalStateException(what + " is not available in validateConfig: the config is not enabled yet");
    }
}
