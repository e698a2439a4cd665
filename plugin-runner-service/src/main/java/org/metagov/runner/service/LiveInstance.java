package org.metagov.runner.service;

import jakarta.enterprise.inject.Instance;

import org.metagov.sdk.PluginBase;

/** A plugin object bound to one community's config and state, alive while that plugin stays enabled. */
public record LiveInstance(String id, String community, PluginType type, Instance.Handle<? extends PluginBase> handle) {

    public PluginBase plugin() {
        return handle.get();
    }
}
