package org.metagov.runner.service;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;

import org.metagov.runner.process.ProcessRegistry;
import org.metagov.runner.process.ProcessType;
import org.metagov.sdk.PluginBase;

/**
 * Every plugin class in the application, found through CDI ({@code @Plugin} is a bean-defining stereotype), so a
 * new plugin package needs no registration anywhere.
 */
@ApplicationScoped
public class PluginRegistry {

    private final Instance<PluginBase> beans;
    private final Map<String, PluginType> types = new TreeMap<>();

    public PluginRegistry(@Any Instance<PluginBase> beans, ProcessRegistry processes) {
        this.beans = beans;
        for (Instance.Handle<PluginBase> handle : beans.handles()) {
            @SuppressWarnings("unchecked")
            Class<? extends PluginBase> type = (Class<? extends PluginBase>) handle.getBean().getBeanClass();
            PluginType pluginType = PluginType.of(type);
            pluginType = pluginType.withProcesses(processes.descriptorsOf(pluginType.name()));
            if (types.put(pluginType.name(), pluginType) != null) {
                throw new IllegalStateException("Two plugins are named " + pluginType.name());
            }
        }
        for (ProcessType process : processes.all()) {
            if (!types.containsKey(process.plugin())) {
                throw new IllegalStateException("Process " + process.qualifiedName() + " names no known plugin");
            }
        }
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
