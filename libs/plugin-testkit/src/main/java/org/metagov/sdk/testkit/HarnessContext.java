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
 * links recorded by the harness; or, for an answering receiver's hook no instance matched ({@code instance} false),
 * no community, an empty config, and state, identity and events refused as the runner refuses them.
 */
final class HarnessContext implements PluginContext {
private final PluginHarness<?> harness;
    final String community;
    volatile JsonNode config;
    /** False for an answering receiver's hook that no instance matched: state, identity and events refuse. */
    final boolean instance;
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

    HarnessContext(PluginHarness<?> harness, String community, JsonNode config, boolean instance) {
        this.harness = harness;
        this.community = community;
        this.config = config;
        this.instance = instance;
    }

    private void requireInstance(String what) {
        if (!instance) {
            throw new IllegalStateException(what + " is unavailable without an instance (hasInstance() is false)");
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
