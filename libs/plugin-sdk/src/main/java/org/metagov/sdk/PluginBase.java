package org.metagov.sdk;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.http.PlatformHttp;

/**
 * The base class of every plugin (seed 001's {@code Plugin} model). An instance lives as long as the plugin stays
 * enabled with the same config for one community; fields are not persisted, {@link #state()} is. Actions and
 * polling tasks run on that instance's object; each hook on a new object bound to the same instance.
 */
public abstract class PluginBase {

    private PluginContext context;

    /** Called by the runner once, before any other method, for each new instance. */
    public final void bind(PluginContext context) {
        if (this.context != null) {
            throw new IllegalStateException("plugin instance already bound");
        }
        this.context = context;
    }

    /**
     * Runs exactly once per instance, when the plugin is enabled, and again after a config change of a property
     * named in {@code @Plugin(resetStateOn)} (its state is then dropped first).
     */
    public void initialize() {
    }

    /**
     * An optional cheap check of a config before it is enabled (OPTIONAL), where the platform lets us check it, e.g.
     * that the API key is accepted: {@code config} (also {@link #config()}) is the candidate config, secrets the
     * driver left out already filled in from the stored ones. Throw {@link PluginException#badRequest} naming the problem: the driver's
     * enable is then a 400 and nothing is stored. There is no instance yet: state, events and identity are not
     * available. It runs within a short budget (5 s for the whole enable); when it does not answer in time the
     * enable goes ahead and {@link #initialize()} reports the problem.
     */
    public void validateConfig(JsonNode config) {
    }

    /**
     * Runs once (across replicas) after the instance's config changed; {@link #config()} already returns
     * {@code newConfig}. The instance keeps its id and its state: the default does nothing, so everything is kept.
     * Not called when a property of {@code @Plugin(resetStateOn)} changed ({@link #initialize()} runs instead).
     */
    public void onConfigChange(JsonNode oldConfig, JsonNode newConfig) {
    }

    /**
     * Teardown: runs when the instance is disabled or its community deleted, with the instance's last config and
     * state, until it has completed once. After a runner crash it runs again, so make it idempotent; a failure is
     * retried a bounded number of times, then given up. Afterwards the runner closes the instance's pending
     * processes and drops its state.
     */
    public void onDisable() {
    }

    /**
     * For hooks posted platform-wide to {@code /api/hooks/<plugin>}: the platform's id of the community the hook is
     * for (Slack's {@code team_id}, GitHub's {@code installation.id}), read from the request alone. The runner hands
     * the hook to the instance whose {@code community_platform_id} (the value of {@code @Plugin(platformIdKey)}) is
     * that id, found by lookup, not by asking every instance. Null (the default): the runner asks every instance
     * {@link #acceptsPlatformWebhook}.
     */
    public String platformIdOf(WebhookRequest request) {
        return null;
    }

    /**
     * For hooks posted platform-wide to {@code /api/hooks/<plugin>} (one URL for every community, as Slack or GitHub
     * apps use): whether this instance's community is the one the hook is for, e.g. by team or installation id.
     */
    public boolean acceptsPlatformWebhook(WebhookRequest request) {
        return false;
    }

    /**
     * False only in an answering receiver ({@code @WebhookReceiver(answers = true)}) that runs for a hook no instance
     * matched (a PING, a {@code url_verification}): then there is no community, config or state.
     */
    protected final boolean hasInstance() {
        return context.community() != null;
    }

    public final String name() {
        return getClass().getAnnotation(Plugin.class).name();
    }

    /**
     * In {@code initialize()}: the platform's id of the community, learnt from the platform (as Loomio learns its
     * group). Drivers see it as {@code community_platform_id}; community-service refuses it (logged, counted) when it
     * contradicts the config's {@code platformIdKey} or another instance of this plugin in the community has it.
     */
    protected final void setCommunityPlatformId(String id) {
        if (id == null || id.isBlank() || id.length() > 255) {
            throw new IllegalArgumentException("A community platform id is 1 to 255 characters");
        }
        context.communityPlatformId(id);
    }

    protected final String community() {
        return context.community();
    }

    protected final JsonNode config() {
        return context.config();
    }

    protected final PluginState state() {
        return context.state();
    }

    /**
     * The HTTP client for calls to the platform: {@code http().get(config().path("server_url").asText() + "/x")}.
     * URLs from config are checked against the outbound address policy; {@code http().trusted()} is for URLs the
     * operator set.
     */
    protected final PlatformHttp http() {
        return context.http();
    }

    /**
     * A deployment-wide setting by its environment name ({@code LOOMIO_API_BASE_URL}); URLs from settings are the
     * operator's, so they go through {@code http().trusted()}.
     */
    protected final Optional<String> setting(String name) {
        return context.setting(name).filter(value -> !value.isBlank());
    }

    /** {@link #setting} or a failure (502) naming the setting the operator must set. */
    protected final String requiredSetting(String name) {
        return setting(name).orElseThrow(() -> PluginException.failure("The setting " + name
                + " is not set in this deployment", null));
    }

    protected final Identities identity() {
        return context.identity();
    }

    protected final void sendEventToDriver(String eventType, JsonNode data, Initiator initiator) {
        context.sendEventToDriver(name(), eventType, data, initiator);
    }
}
