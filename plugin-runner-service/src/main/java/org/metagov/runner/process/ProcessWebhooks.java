package org.metagov.runner.process;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import org.metagov.events.InboundWebhook;
import org.metagov.events.process.ProcessCommand;

/**
 * Hands a plugin's inbound hook to {@code receiveWebhook} of every pending process of that plugin in the community
 * (seed 001, "push"). Each hand-over is a WEBHOOK command with an id made of process and hook id, run like any
 * other: under the process's row lock, once (a re-delivered hook runs nothing), answered by a process update.
 */
@ApplicationScoped
public class ProcessWebhooks {

    private final ProcessStore store;
    private final ProcessRegistry registry;
    private final ProcessRunner runner;

    public ProcessWebhooks(ProcessStore store, ProcessRegistry registry, ProcessRunner runner) {
        this.store = store;
        this.registry = registry;
        this.runner = runner;
    }

    /** Returns how many processes were handed the hook. */
    public int route(InboundWebhook hook, String community) {
        int handed = 0;
        List<String[]> pendingProcesses;
        try {
            pendingProcesses = store.pending(community, hook.plugin());
        } catch (RuntimeException e) {
            // the database is away: the plugin's own receiver has run; the processes miss this hook, said loudly
            Log.errorf(e, "Hook %s could not be handed to the pending processes of %s in %s", hook.id(),
                    hook.plugin(), community);
            return 0;
        }
        for (String[] pending : pendingProcesses) {
            String processId = pending[0];
            String processName = pending[1];
            boolean receives = registry.find(hook.plugin(), processName)
                    .map(type -> type.descriptor().receivesWebhooks()).orElse(false);
            if (!receives) {
                continue;
            }
            try {
                runner.handle(new ProcessCommand(ProcessCommand.webhookId(processId, hook.id()),
                        ProcessCommand.Type.WEBHOOK, processId, community, hook.plugin(), processName, null, hook,
                        Instant.now()));
                handed++;
            } catch (RuntimeException e) {
                // one process's trouble does not keep the hook from the others
                Log.errorf(e, "Hook %s could not be handed to process %s", hook.id(), processId);
            }
        }
        return handed;
    }
}
