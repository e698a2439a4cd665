package org.metagov.runner.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.runner.config.PlatformSettingsConfig;
import org.metagov.runner.messaging.DriverEventPublisher;
import org.metagov.runner.messaging.IdentityCommandPublisher;
import org.metagov.runner.messaging.InstanceReportPublisher;
import org.metagov.runner.repository.PluginStateRepository;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginContext;

/** Builds what one instance sees of the runner ({@link RunnerPluginContext}): the one place that wires it. */
@ApplicationScoped
public class PluginContexts {

    private final PluginStateRepository state;
    private final DriverEventPublisher events;
    private final PlatformHttpClients http;
    private final IdentityCommandPublisher identities;
    private final Map<String, String> settings;
    private final InstanceReportPublisher reports;

    public PluginContexts(PluginStateRepository state, DriverEventPublisher events, PlatformHttpClients http,
            IdentityCommandPublisher identities, PlatformSettingsConfig settings, InstanceReportPublisher reports) {
        this.state = state;
        this.events = events;
        this.http = http;
        this.identities = identities;
        this.settings = settings.byName();
        this.reports = reports;
    }

    /** For {@code validateConfig}: a config that is not enabled yet (no instance, no state). */
    public PluginContext candidate(String community, String plugin, JsonNode config) {
        return new NoInstanceContext(community, config, http.forPlugin(plugin), settings,
                "in validateConfig: the config is not enabled yet");
    }

    public RunnerPluginContext of(String instanceId, String community, String plugin, JsonNode config) {
        return new RunnerPluginContext(instanceId, community, config, state, events, http.forPlugin(plugin),
                identities, settings, reports);
    }

    /** For an answering receiver that runs for a hook no instance matched. */
    PluginContext instanceless(String plugin) {
        return new NoInstanceContext(null, Json.object(), http.forPlugin(plugin), settings,
                "to a receiver running without an instance (hasInstance() false)");
    }
}
