package org.metagov.runner.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;

import org.metagov.events.PluginDescriptor.ProcessDescriptor;
import org.metagov.plugin.model.ProcessType;
import org.metagov.sdk.process.ProcessBase;

/**
 * Every governance process class in the application, found through CDI ({@code @GovernanceProcess} is a
 * bean-defining stereotype): a new process is a new class, registered nowhere.
 */
@ApplicationScoped
public class ProcessRegistry {

    private final Instance<ProcessBase<?>> beans;
    private final Map<String, ProcessType> types = new TreeMap<>();
    private final List<ProcessType> all = new ArrayList<>();
    /** Plugins with at least one process that receives hooks: every inbound hook asks. */
    private final Set<String> webhookReceivers = new HashSet<>();

    public ProcessRegistry(@Any Instance<ProcessBase<?>> beans) {
        this.beans = beans;
        for (Instance.Handle<ProcessBase<?>> handle : beans.handles()) {
            @SuppressWarnings("unchecked")
            Class<? extends ProcessBase<?>> type = (Class<? extends ProcessBase<?>>) handle.getBean().getBeanClass();
            ProcessType processType = ProcessType.of(type);
            types.putIfAbsent(processType.qualifiedName(), processType); // a second of one name: PluginSet says so
            all.add(processType);
            if (processType.descriptor().receivesWebhooks()) {
                webhookReceivers.add(processType.plugin());
            }
        }
        Log.infof("Governance processes: %s", types.keySet());
    }

    /** Every process class, duplicates included, for {@link org.metagov.plugin.model.PluginSet#check}. */
    public Collection<ProcessType> all() {
        return all;
    }

    public boolean hasWebhookReceivers(String plugin) {
        return webhookReceivers.contains(plugin);
    }

    public Optional<ProcessType> find(String plugin, String name) {
        return Optional.ofNullable(types.get(plugin + "." + name));
    }

    public Optional<ProcessType> of(Class<?> type) {
        return types.values().stream().filter(t -> t.type() == type).findFirst();
    }

    /** The processes of one plugin, for its catalog descriptor. */
    public List<ProcessDescriptor> descriptorsOf(String plugin) {
        return types.values().stream().filter(t -> t.plugin().equals(plugin)).map(ProcessType::descriptor).toList();
    }

    /** A new, unbound object of the process class; destroy the handle after the call. */
    public Instance.Handle<? extends ProcessBase<?>> create(ProcessType type) {
        return beans.select(type.type()).getHandle();
    }
}
