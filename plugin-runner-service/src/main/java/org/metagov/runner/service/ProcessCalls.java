package org.metagov.runner.service;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.metagov.events.InstanceChoice;

import org.metagov.plugin.model.ProcessType;
import org.metagov.runner.config.ProcessRunnerConfig;
import org.metagov.runner.repository.LoadedProcess;
import org.metagov.runner.service.PluginThreads.PluginFailure;
import org.metagov.sdk.process.ProcessBase;

/**
 * Binds process objects to their rows and runs their code on plugin threads, bounded by the call timeout, so a
 * stuck platform call cannot hold a process (and its row lock) forever.
 */
@ApplicationScoped
public class ProcessCalls {

    private final ProcessRegistry registry;
    private final PluginInstances instances;
    private final ProcessRunnerConfig config;
    private final PluginThreads threads;

    public ProcessCalls(ProcessRegistry registry, PluginInstances instances, ProcessRunnerConfig config,
            PluginThreads threads) {
        this.registry = registry;
        this.instances = instances;
        this.config = config;
        this.threads = threads;
    }

    /**
     * The live plugin instance the process runs in, or null when it is disabled. A process stored before instances
     * were recorded with it (none since the migration gave each its instance) runs in the plugin's only instance.
     */
    LiveInstance instanceOf(LoadedProcess process) {
        if (process.instanceId() != null) {
            return instances.byId(process.community(), process.instanceId());
        }
        return instances.choose(process.community(), process.pluginName(), null).chosen();
    }

    /** The instance a new process is for (by platform id, else the only one), waiting a moment for it to arrive. */
    InstanceChoice<LiveInstance> awaitInstance(String community, String plugin, String platformId, Duration max) {
        instances.await(community, plugin, platformId, max, () -> true);
        return instances.choose(community, plugin, platformId);
    }

    /** Which instance a command's community and platform id name, now. */
    InstanceChoice<LiveInstance> choice(org.metagov.events.process.ProcessCommand command) {
        return instances.choose(command.community(), command.plugin(), command.communityPlatformId());
    }

    /** A new process object bound to {@code process}; destroy the handle after use. */
    Instance.Handle<? extends ProcessBase<?>> bind(ProcessType type, LoadedProcess process, LiveInstance live) {
        process.attach(live.plugin());
        Instance.Handle<? extends ProcessBase<?>> handle = registry.create(type);
        handle.get().bind(process);
        return handle;
    }

    /**
     * Runs {@code call} on a plugin thread within the community's and the plugin's share of the process threads
     * (waiting for it: a process command is never dropped); the plugin's own exception is re-thrown as it was.
     */
    <T> T run(LoadedProcess process, Callable<T> call) throws Exception {
        try {
            return threads.processCall(process.community(), process.pluginName(), call, config.callTimeout());
        } catch (TimeoutException e) {
            throw new TimeoutException("The process did not answer within " + config.callTimeout().toSeconds() + " s");
        } catch (PluginFailure e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
