package org.metagov.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One enabled plugin of a community. {@code id} changes whenever the instance is re-created (enabled again, or its
 * {@code communityPlatformId} changed), which is how plugin-runner knows to tear the old one down and initialise the
 * new one; a config change keeps the id (and the runner keeps the state, telling the plugin).
 * {@code config} holds the non-secret properties; the secret ones (the plugin's schema marks them
 * {@code writeOnly}) travel sealed in {@code sealedSecrets} ({@link org.metagov.events.secrets.PluginSecrets}), which
 * only plugin-runner opens. A record written before sealing has its secrets in {@code config} and no
 * {@code sealedSecrets}. This record travels only on internal topics and is never returned by a GET.
 *
 * <p>{@code number} is the instance's id as drivers see it (a JSON integer, as upstream Metagov's; random, below
 * 2^53); the runner keys instances by {@code id}, so adding the number re-initialised nothing. It is 0 in records
 * written before it existed. {@code communityPlatformId} is the platform's id for the community (GitHub's
 * installation id, ...), or null; it tells apart several instances of one plugin in a community. {@code hookSlug} is
 * a random slug generated per instance, so each instance has a hook URL of its own.
 */
public record PluginInstanceState(String id, String name, JsonNode config, long number, String communityPlatformId,
        String hookSlug, @JsonInclude(JsonInclude.Include.NON_NULL) String sealedSecrets) {

    public PluginInstanceState(String id, String name, JsonNode config, long number, String communityPlatformId,
            String hookSlug) {
        this(id, name, config, number, communityPlatformId, hookSlug, null);
    }

    public PluginInstanceState(String id, String name, JsonNode config, long number, String communityPlatformId) {
        this(id, name, config, number, communityPlatformId, null, null);
    }

    public PluginInstanceState(String id, String name, JsonNode config) {
        this(id, name, config, 0, null, null, null);
    }

    /**
     * The {@code /{webhook_slug}} segment that names this instance in a community hook URL: the config's
     * {@code webhook_slug} when set, else the one generated for the instance (null in records older than it).
     */
    public String webhookSlug() {
        JsonNode configured = config == null ? null : config.get("webhook_slug");
        return configured != null && configured.isTextual() && !configured.asText().isEmpty() ? configured.asText()
                : hookSlug;
    }
}
