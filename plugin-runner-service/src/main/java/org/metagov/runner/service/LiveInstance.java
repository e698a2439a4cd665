package org.metagov.runner.service;

import jakarta.enterprise.inject.Instance;

import org.metagov.plugin.model.PluginType;
import org.metagov.sdk.PluginBase;

/**
 * A plugin object bound to one community's config and state, alive while that plugin stays enabled. A hook is
 * handled by a fresh object of the same class bound to {@code context.forHook(...)}. {@code communityPlatformId}
 * is the platform's id of the community (as community-service sent it, or read from the config by the plugin's
 * {@code platformIdKey}), or null; platform-wide hooks are routed by it.
 */
public record LiveInstance(String id, String community, PluginType type, Instance.Handle<? extends PluginBase> handle,
        RunnerPluginContext context, String communityPlatformId) {

    public PluginBase plugin() {
        return handle.get();
    }
}
