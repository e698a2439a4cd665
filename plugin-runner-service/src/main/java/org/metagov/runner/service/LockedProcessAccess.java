package org.metagov.runner.service;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.metagov.plugin.model.ProcessType;
import org.metagov.runner.messaging.ProcessUpdateRelay;
import org.metagov.runner.repository.LoadedProcess;
import org.metagov.runner.repository.ProcessStore;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.process.ProcessAccess;
import org.metagov.sdk.process.ProcessBase;

/**
 * {@link ProcessAccess} for plugin actions: the same row lock and transaction as a command, so an action and an
 * update of one process never interleave, and a change reaches process-service through the same outbox.
 * Runs on the caller's (plugin) thread.
 */
@ApplicationScoped
public class LockedProcessAccess implements ProcessAccess {

    private final ProcessRegistry registry;
    private final ProcessStore store;
    private final ProcessCalls calls;
    private final ProcessUpdateRelay relay;

    public LockedProcessAccess(ProcessRegistry registry, ProcessStore store, ProcessCalls calls,
            ProcessUpdateRelay relay) {
        this.registry = registry;
        this.store = store;
        this.calls = calls;
        this.relay = relay;
    }

    @Override
    public <T extends ProcessBase<?>, R> R change(String community, String processId, Class<T> type,
            Function<T, R> change) {
        ProcessType processType = registry.of(type)
                .orElseThrow(() -> new IllegalArgumentException(type + " is not a governance process"));
        boolean[] changed = new boolean[1];
        R result = store.inTransaction(conn -> {
            LoadedProcess process = processId == null ? null : store.lock(conn, processId);
            if (process == null || !process.community().equals(community)
                    || !process.pluginName().equals(processType.plugin())
                    || !process.processName().equals(processType.name())) {
                throw PluginException.badRequest("There is no " + processType.qualifiedName() + " process '"
                        + processId + "' in this community");
            }
            LiveInstance live = calls.instanceOf(process);
            if (live == null) {
                throw PluginException.badRequest("Plugin '" + process.pluginName() + "' is not enabled");
            }
            Instance.Handle<? extends ProcessBase<?>> handle = calls.bind(processType, process, live);
            try {
                R value = change.apply(type.cast(handle.get()));
                if (process.changed()) {
                    store.save(conn, process, null);
                    changed[0] = true;
                }
                return value;
            } finally {
                handle.destroy();
            }
        });
        if (changed[0]) {
            relay.kick();
        }
        return result;
    }
}
