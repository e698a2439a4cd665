package org.metagov.runner.service;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import org.metagov.events.InboundWebhook;
import org.metagov.events.process.ProcessCommand;
import org.metagov.runner.repository.PendingProcess;
import org.metagov.runner.repository.ProcessStore;
import org.metagov.sdk.WebhookResponse;

/**
 * Hands a plugin's inbound hook to {@code receiveWebhook} of every pending process of the plugin instance it reached
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

    /** The pending processes of some communities, read with one query, or why they could not be read. */
    public static final class Pending {
        private final List<PendingProcess> processes;
        private final RuntimeException failure;

        private Pending(List<PendingProcess> processes, RuntimeException failure) {
            this.processes = processes;
            this.failure = failure;
        }

        /** Oldest first; a row from before instances were recorded belongs to the plugin's only instance. */
        private List<PendingProcess> of(LiveInstance instance, String plugin) {
            return processes.stream().filter(p -> p.community().equals(instance.community())
                    && p.plugin().equals(plugin) && (p.instanceId() == null || p.instanceId().equals(instance.id())))
                    .toList();
        }
    }

    /**
     * Reads the pending processes for a batch of hooks that name their community, if their plugin has a process
     * that receives hooks at all (most plugins have none: no query then).
     */
    public Pending lookup(List<InboundWebhook> hooks) {
        Set<String> communities = new HashSet<>();
        for (InboundWebhook hook : hooks) {
            if (hook.community() != null && registry.hasWebhookReceivers(hook.plugin())) {
                communities.add(hook.community());
            }
        }
        return read(communities);
    }

    private Pending read(Set<String> communities) {
        if (communities.isEmpty()) {
            return new Pending(List.of(), null);
        }
        try {
            return new Pending(store.pendingIn(communities), null);
        } catch (RuntimeException e) {
            return new Pending(List.of(), e);
        }
    }

    /**
     * Hands the hook to the instance's pending processes and returns the first answer one gave
     * ({@code answerWebhook}), or null. {@code pending} is the batch's {@link #lookup}; a hook it does not cover (a
     * platform-wide hook, whose community was found only now) is looked up on its own.
     */
    public WebhookResponse route(InboundWebhook hook, LiveInstance instance, Pending pending) {
        String community = instance.community();
        if (!registry.hasWebhookReceivers(hook.plugin())) {
            return null;
        }
        Pending source = pending != null && community.equals(hook.community()) ? pending : read(Set.of(community));
        if (source.failure != null) {
            // the database is away: the plugin's own receiver has run; the processes miss this hook, said loudly
            Log.errorf(source.failure, "Hook %s could not be handed to the pending processes of %s in %s",
                    hook.id(), hook.plugin(), community);
            return null;
        }
        WebhookResponse answer = null;
        for (PendingProcess process : source.of(instance, hook.plugin())) {
            String processId = process.id();
            String processName = process.name();
            boolean receives = registry.find(hook.plugin(), processName)
                    .map(type -> type.descriptor().receivesWebhooks()).orElse(false);
            if (!receives) {
                continue;
            }
            try {
                WebhookResponse given = runner.handle(new ProcessCommand(ProcessCommand.webhookId(processId,
                        hook.id()), ProcessCommand.Type.WEBHOOK, processId, community, hook.plugin(), processName,
                        null, hook, Instant.now()));
                answer = answer == null ? given : answer;
            } catch (RuntimeException e) {
                // one process's trouble does not keep the hook from the others
                Log.errorf(e, "Hook %s could not be handed to process %s", hook.id(), processId);
            }
        }
        return answer;
    }
}
