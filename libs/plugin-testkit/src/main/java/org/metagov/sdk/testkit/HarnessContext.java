package org.metagov.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Identities;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginContext;
import org.metagov.sdk.PluginState;
import org.metagov.sdk.http.PlatformHttp;

/**
 * What a plugin in a {@link PluginHarness} sees of the runner: the instance's config, state, events and identity
 * links recorded by the harness; or, without an instance (an answering receiver's hook no instance matched: no
 * community, an empty config; a config being checked), state, identity and events refused as the runner refuses them.
 */
final class HarnessContext implements PluginContext {
private final PluginHarness<?> harness;
    final String community;
    volatile JsonNode config;
    static final String NO_INSTANCE = "is unavailable without an instance (hasInstance() is false)";
    static final String CANDIDATE = "is not available in validateConfig: the config is not enabled yet";
    /**
     * Null for an enabled instance; else why state, identity and events refuse: an answering receiver's hook no
     * instance matched ({@link #NO_INSTANCE}), or a config being checked ({@link #CANDIDATE}).
     */
    final String unavailable;
    final PluginState stateView = new PluginState() {
        @Override
        public JsonNode get(String key) {
            JsonNode value = harness.stateMap().get(key);
            return value == null ? null : value.deepCopy();
        }

        @Override
        public void set(String key, Object value) {
            // stored as JSON, as the runner stores it: what does not survive a round trip fails here too
            harness.stateMap().put(key, Json.MAPPER.valueToTree(value));
        }
    };

    HarnessContext(PluginHarness<?> harness, String community, JsonNode config, String unavailable) {
        this.harness = harness;
        this.community = community;
        this.config = config;
        this.unavailable = unavailable;
    }

    private void requireInstance(String what) {
        if (unavailable != null) {
            throw new IllegalStateException(what + " " + unavailable);
        }
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
    public PluginState state() {
        requireInstance("state()");
        return stateView;
    }

    @Override
    public PlatformHttp http() {
        return harness.http();
    }

    @Override
    public void sendEventToDriver(String pluginName, String eventType, JsonNode data, Initiator initiator) {
        requireInstance("sendEventToDriver");
        harness.recordEvent(new PluginHarness.SentEvent(pluginName, eventType, data, initiator));
    }

    @Override
    public java.util.Optional<String> setting(String name) {
        return harness.settingValue(name);
    }

    @Override
    public void communityPlatformId(String id) {
        requireInstance("setCommunityPlatformId");
        harness.reportPlatformId(id);
    }

    @Override
    public Identities identity() {
        requireInstance("identity()");
        return (externalId, platformType, platformIdentifier, communityPlatformId, customData, linkType,
                linkQuality) -> {
            harness.recordLink(new PluginHarness.LinkedAccount(externalId, platformType, platformIdentifier,
                    communityPlatformId, customData, linkType, linkQuality));
        };
    }
}
