package org.metagov.runner.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;

import org.metagov.plugin.model.PluginSet;
import org.metagov.plugin.model.PluginType;
import org.metagov.sdk.PluginBase;

/**
 * Every plugin class in the application, found through CDI ({@code @Plugin} is a bean-defining stereotype), so a
 * new plugin package needs no registration anywhere.
 */
@ApplicationScoped
public class PluginRegistry {

    private final Instance<PluginBase> beans;
    private final Map<String, PluginType> types;

    public PluginRegistry(@Any Instance<PluginBase> beans, ProcessRegistry processes) {
        this.beans = beans;
        List<PluginType> found = new ArrayList<>();
        for (Instance.Handle<PluginBase> handle : beans.handles()) {
            @SuppressWarnings("unchecked")
            Class<? extends PluginBase> type = (Class<? extends PluginBase>) handle.getBean().getBeanClass();
            PluginType pluginType = PluginType.of(type);
            found.add(pluginType.withProcesses(processes.descriptorsOf(pluginType.name())));
        }
        // the checks across classes, the same the test kit makes
        this.types = PluginSet.check(found, processes.all());
        Log.infof("Plugins: %s", types.keySet());
    }

    public Collection<PluginType> all() {
        return types.values();
    }

    public Optional<PluginType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** A new, unbound object of the plugin; destroy the handle when the instance is dropped. */
    public Instance.Handle<? extends PluginBase> create(PluginType type) {
        return beans.select(type.type()).getHandle();
    }
}
