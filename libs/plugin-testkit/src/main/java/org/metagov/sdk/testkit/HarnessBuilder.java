package org.metagov.sdk.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.metagov.outbound.AddressPolicy;
import org.metagov.sdk.PluginBase;

/** Builds a {@link PluginHarness}; {@link #start()} enables the instance and runs {@code initialize()}. */
public final class HarnessBuilder<P extends PluginBase> {
    private final Class<P> type;
    private String community = "test-community";
    private String config = "{}";
    private AddressPolicy policy = PluginHarness.LOOPBACK_ALLOWED;
    private final Map<String, String> settings = new HashMap<>();
    private Duration outboundTimeout;

    HarnessBuilder(Class<P> type) {
        this.type = type;
    }

    public HarnessBuilder<P> community(String slug) {
        this.community = slug;
        return this;
    }

    public HarnessBuilder<P> config(String json) {
        this.config = json;
        return this;
    }

    /** A deployment-wide setting the plugin reads with {@code setting(name)}, as the runner's config gives it. */
    public HarnessBuilder<P> setting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    public HarnessBuilder<P> outboundPolicy(AddressPolicy outboundPolicy) {
        this.policy = outboundPolicy;
        return this;
    }

    /** The budget of each HTTP call, 429 waits included (the runner's {@code metagov.outbound.timeout}, 10 s). */
    public HarnessBuilder<P> outboundTimeout(Duration timeout) {
        this.outboundTimeout = timeout;
        return this;
    }

    public PluginHarness<P> start() {
        return new PluginHarness<>(type, community, PluginHarness.read(config), policy, settings, outboundTimeout, PluginHarness.Mode.INSTANCE);
    }

    /**
     * The plugin's {@code validateConfig} on this config, as the runner runs it before an enable: no instance
     * (state, events and identity throw); a refusal is the plugin's {@code PluginException}, thrown here.
     */
    public void validateConfig() {
        new PluginHarness<>(type, community, PluginHarness.read(config), policy, settings, outboundTimeout,
                PluginHarness.Mode.CANDIDATE);
    }

    /**
     * The plugin with no enabled instance, as the runner holds it before any community installed it: only
     * {@link PluginHarness#answer} works (answering receivers run with {@code hasInstance()} false); the config is ignored.
     */
    public PluginHarness<P> startWithoutInstance() {
        return new PluginHarness<>(type, community, PluginHarness.read(config), policy, settings, outboundTimeout, PluginHarness.Mode.NO_INSTANCE);
    }
}
