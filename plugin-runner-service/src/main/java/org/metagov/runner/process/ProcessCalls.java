package org.metagov.runner.process;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.metagov.runner.service.LiveInstance;
import org.metagov.runner.service.PluginInstances;
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
    private final ExecutorService threads;

    public ProcessCalls(ProcessRegistry registry, PluginInstances instances, ProcessRunnerConfig config) {
        this.registry = registry;
        this.instances = instances;
        this.config = config;
        this.threads = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "plugin-process");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }

    /** The live plugin instance for the process's community, or null when the plugin is not enabled there. */
    LiveInstance instanceOf(LoadedProcess process) {
        return instances.find(process.community, process.plugin);
    }

    void awaitInstance(String community, String plugin, Duration max) {
        instances.await(community, plugin, max, () -> true);
    }

    /** A new process object bound to {@code process}; destroy the handle after use. */
    Instance.Handle<? extends ProcessBase<?>> bind(ProcessType type, LoadedProcess process, LiveInstance live) {
        process.attach(live.plugin());
        Instance.Handle<? extends ProcessBase<?>> handle = registry.create(type);
        handle.get().bind(process);
        return handle;
    }

    /** Runs {@code call} on a plugin thread; the plugin's own exception is re-thrown as it was. */
    <T> T run(Callable<T> call) throws Exception {
        Future<T> future = threads.submit(call);
        try {
            return future.get(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("The process did not answer within " + config.callTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException ite && ite.getCause() != null) {
                cause = ite.getCause();
            }
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
