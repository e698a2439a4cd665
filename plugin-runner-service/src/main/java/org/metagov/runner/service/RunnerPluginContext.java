package org.metagov.runner.service;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.runner.messaging.DriverEventPublisher;
import org.metagov.runner.messaging.IdentityCommandPublisher;
import org.metagov.runner.messaging.InstanceReportPublisher;
import org.metagov.runner.repository.PluginStateRepository;
import org.metagov.sdk.Identities;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.PluginContext;
import org.metagov.sdk.PluginState;
import org.metagov.sdk.http.PlatformHttp;

/**
 * What one live instance sees of the runner: its config, its state rows, the way to the driver, its HTTP client.
 * {@link #forHook} is the same for one hook, whose events go through the hook's {@link HookScope}.
 */
public final class RunnerPluginContext implements PluginContext {

    private final String instanceId;
    private final String community;
    /** Replaced in place on a config change: the instance keeps its id, state and object. */
    private volatile JsonNode config;
    private final PluginStateRepository repository;
    private final DriverEventPublisher events;
    private final PlatformHttp http;
    private final IdentityCommandPublisher identities;
    private final Map<String, String> settings;
    private final InstanceReportPublisher reports;
    /** What initialize() reported as the community platform id, for routing until community-service echoes it. */
    private volatile String reportedPlatformId;
    /** The instance's community platform id (what tells it from the plugin's other instances), or null. */
    private volatile String platformId;
    /** Null outside a hook: events are then sent one by one, each waiting for its ack. */
    private final HookScope hook;

    RunnerPluginContext(String instanceId, String community, JsonNode config, PluginStateRepository repository,
            DriverEventPublisher events, PlatformHttp http, IdentityCommandPublisher identities,
            Map<String, String> settings, InstanceReportPublisher reports) {
        this(instanceId, community, config, repository, events, http, identities, settings, reports, null);
    }

    private RunnerPluginContext(String instanceId, String community, JsonNode config,
            PluginStateRepository repository, DriverEventPublisher events, PlatformHttp http,
            IdentityCommandPublisher identities, Map<String, String> settings, InstanceReportPublisher reports,
            HookScope hook) {
        this.instanceId = instanceId;
        this.community = community;
        this.config = config;
        this.repository = repository;
        this.events = events;
        this.http = http;
        this.identities = identities;
        this.settings = settings;
        this.reports = reports;
        this.hook = hook;
    }

    /** This instance's context while it handles one hook. */
    RunnerPluginContext forHook(HookScope scope) {
        RunnerPluginContext context = new RunnerPluginContext(instanceId, community, config, repository, events, http,
                identities, settings, reports, scope);
        context.platformId = platformId;
        return context;
    }

    /** Sets the platform id events carry ({@code community_platform_id}); the runner knows it once created. */
    void platformId(String id) {
        this.platformId = id;
    }

    /** The instance's new config after a change; the live object and later hooks see it. */
    void reconfigure(JsonNode newConfig) {
        this.config = newConfig;
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
        return new PluginState() {
            @Override
            public JsonNode get(String key) {
                return repository.get(instanceId, key);
            }

            @Override
            public void set(String key, Object value) {
                repository.set(instanceId, key, value);
            }
        };
    }

    @Override
    public PlatformHttp http() {
        return http;
    }

    @Override
    public void sendEventToDriver(String pluginName, String eventType, JsonNode data, Initiator initiator) {
        if (hook == null) {
            events.publish(community, platformId, pluginName, eventType, data, initiator);
        } else {
            hook.send(community, platformId, pluginName, eventType, data, initiator);
        }
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    @Override
    public void communityPlatformId(String id) {
        reports.platformId(community, instanceId, id);
        reportedPlatformId = id;
        if (platformId == null) {
            platformId = id;
        }
    }

    /** The id initialize() reported, or null. */
    String reportedPlatformId() {
        return reportedPlatformId;
    }

    @Override
    public Identities identity() {
        return identities.of(community);
    }
}
