package org.metagov.events;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What plugin-runner publishes on the compacted {@link Topics#PLUGIN_CATALOG} topic for each plugin it hosts.
 * {@code catalogVersion} is the publishing runner's build (a time stamp), so during a rolling upgrade an old replica
 * that restarts cannot overwrite the newer schemas in the caches (a newer version wins; 0 when unknown).
 */
public record PluginDescriptor(String name, String description, JsonNode configSchema, List<ActionDescriptor> actions,
        List<ProcessDescriptor> processes, boolean webhookReceiver, long catalogVersion) {

    public PluginDescriptor(String name, String description, JsonNode configSchema, List<ActionDescriptor> actions,
            List<ProcessDescriptor> processes, boolean webhookReceiver) {
        this(name, description, configSchema, actions, processes, webhookReceiver, 0);
    }

    public ActionDescriptor action(String slug) {
        return actions.stream().filter(a -> a.slug().equals(slug)).findFirst().orElse(null);
    }

    public ProcessDescriptor process(String processName) {
        return processes.stream().filter(p -> p.name().equals(processName)).findFirst().orElse(null);
    }

    public record ActionDescriptor(String slug, String description, JsonNode inputSchema, JsonNode outputSchema,
            boolean isPublic) {
    }

    public record ProcessDescriptor(String name, String description, JsonNode inputSchema, JsonNode outcomeSchema,
            boolean canClose, boolean canUpdate, boolean receivesWebhooks, long updateIntervalSeconds) {
    }
}
