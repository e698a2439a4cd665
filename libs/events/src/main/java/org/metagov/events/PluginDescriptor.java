package org.metagov.events;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What plugin-runner publishes on the compacted {@link Topics#PLUGIN_CATALOG} topic for each plugin it hosts.
 * {@code catalogVersion} is the publishing runner's build (a time stamp), so during a rolling upgrade an old replica
 * that restarts cannot overwrite the newer schemas in the caches (a newer version wins; 0 when unknown).
 *
 * <p>{@code authType} is how a community installs the plugin, as upstream Metagov names it ({@code none},
 * {@code api_key}, {@code oauth}); null in records of runners older than the field, read as {@code none}.
 * {@code platformIdKey} is the config property whose value is the community's id on the platform
 * ({@code community_platform_id}), or null when the plugin has none. {@code checksConfig}: the plugin overrides
 * {@code validateConfig}, so community-service asks the runner before it commits an enable (false in older records).
 * {@code webhookAnswers}: its receiver answers the platform in the hook's HTTP response
 * ({@code @WebhookReceiver(answers = true)}), so the gateway waits for it (false in older records).
 */
public record PluginDescriptor(String name, String description, JsonNode configSchema, List<ActionDescriptor> actions,
        List<ProcessDescriptor> processes, boolean webhookReceiver, long catalogVersion, String authType,
        String platformIdKey, boolean checksConfig, boolean webhookAnswers) {

    public PluginDescriptor(String name, String description, JsonNode configSchema, List<ActionDescriptor> actions,
            List<ProcessDescriptor> processes, boolean webhookReceiver, long catalogVersion, String authType,
            String platformIdKey, boolean checksConfig) {
        this(name, description, configSchema, actions, processes, webhookReceiver, catalogVersion, authType,
                platformIdKey, checksConfig, false);
    }

    public static final String AUTH_NONE = "none";

    public PluginDescriptor(String name, String description, JsonNode configSchema, List<ActionDescriptor> actions,
            List<ProcessDescriptor> processes, boolean webhookReceiver, long catalogVersion, String authType,
            String platformIdKey) {
        this(name, description, configSchema, actions, processes, webhookReceiver, catalogVersion, authType,
                platformIdKey, false);
    }

    public PluginDescriptor(String name, String description, JsonNode configSchema, List<ActionDescriptor> actions,
            List<ProcessDescriptor> processes, boolean webhookReceiver, long catalogVersion) {
        this(name, description, configSchema, actions, processes, webhookReceiver, catalogVersion, AUTH_NONE, null);
    }

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

    /** {@link #authType}, with a record from an older runner read as {@code none}. */
    public String authTypeOrNone() {
        return authType == null || authType.isEmpty() ? AUTH_NONE : authType;
    }

    /**
     * The community's id on the platform, from {@code config}: the declared key's value as a string, or null when
     * the plugin declares none or the config lacks it (never upstream's string "None").
     */
    public String platformIdOf(JsonNode config) {
        if (platformIdKey == null || platformIdKey.isEmpty() || config == null) {
            return null;
        }
        JsonNode value = config.get(platformIdKey);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        return value.asText();
    }

    public PluginDescriptor withProcesses(List<ProcessDescriptor> newProcesses) {
        return new PluginDescriptor(name, description, configSchema, actions, List.copyOf(newProcesses),
                webhookReceiver, catalogVersion, authType, platformIdKey, checksConfig, webhookAnswers);
    }

    public PluginDescriptor withCatalogVersion(long version) {
        return new PluginDescriptor(name, description, configSchema, actions, processes, webhookReceiver, version,
                authType, platformIdKey, checksConfig, webhookAnswers);
    }

    public record ActionDescriptor(String slug, String description, JsonNode inputSchema, JsonNode outputSchema,
            boolean isPublic) {
    }

    /**
     * {@code canReopen}: a completed process of this type may be put back to pending by the driver
     * ({@code @GovernanceProcess(reopenable = true)}); false in records of runners older than the field.
     */
    public record ProcessDescriptor(String name, String description, JsonNode inputSchema, JsonNode outcomeSchema,
            boolean canClose, boolean canUpdate, boolean receivesWebhooks, long updateIntervalSeconds,
            boolean canReopen) {

        public ProcessDescriptor(String name, String description, JsonNode inputSchema, JsonNode outcomeSchema,
                boolean canClose, boolean canUpdate, boolean receivesWebhooks, long updateIntervalSeconds) {
            this(name, description, inputSchema, outcomeSchema, canClose, canUpdate, receivesWebhooks,
                    updateIntervalSeconds, false);
        }
    }
}
