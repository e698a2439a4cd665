package org.metagov.runner.service;

import jakarta.enterprise.inject.Instance;

import org.metagov.plugin.model.PluginType;
import org.metagov.sdk.PluginBase;

/**
 * A plugin object bound to one community's config and state, alive while that plugin stays enabled. A hook is
 * handled by a fresh object of the same class bound to {@code context.forHook(...)}. {@code communityPlatformId}
 * is the platform's id of the community (as community-service sent it, or read from the config by the plugin's
 * {@code platformIdKey}), or null; platform-wide hooks are routed by it, and drivers name an instance by it when a
 * community has several of one plugin. {@code webhookSlug} names it in a community hook URL (the config's
 * {@code webhook_slug}, else the slug community-service generated), or null.
 */
public record LiveInstance(String id, String community, PluginType type, Instance.Handle<? extends PluginBase> handle,
        RunnerPluginContext context, String communityPlatformId, String webhookSlug) {

    /** The same live object under what a newer communities record says of its platform id and hook slug. */
    LiveInstance with(String platformId, String slug) {
        if (java.util.Objects.equals(platformId, communityPlatformId) && java.util.Objects.equals(slug, webhookSlug)) {
            return this;
        }
        context.platformId(platformId);
        return new LiveInstance(id, community, type, handle, context, platformId, slug);
    }

    public PluginBase plugin() {
        return handle.get();
    }
}
