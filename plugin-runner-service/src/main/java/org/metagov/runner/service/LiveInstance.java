package org.metagov.runner.service;

import jakarta.enterprise.inject.Instance;

import org.metagov.plugin.model.PluginType;
import org.metagov.sdk.PluginBase;

/**
 * A plugin object bound to one community's config and state, alive while that plugin stays enabled. A hook is
 * handled by a fresh object of the same class bound to {@code context.forHook(...)}.
 */
public record LiveInstance(String id, String community, PluginType type, Instance.Handle<? extends PluginBase> handle,
        RunnerPluginContext context) {

    public PluginBase plugin() {
        return handle.get();
    }
}
