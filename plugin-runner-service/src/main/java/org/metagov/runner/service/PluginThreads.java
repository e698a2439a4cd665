package org.metagov.runner.service;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.observability.ContextCarrier;
import org.metagov.runner.config.ProcessRunnerConfig;
import org.metagov.runner.config.RunnerConfig;

/**
 * The threads plugin code runs on (it blocks on platform calls), one pool per kind of work so a slow kind cannot
 * starve another: actions ({@code runner.plugin-threads}), process calls ({@code runner.processes.threads}) and
 * polling tasks ({@code runner.polling-threads}).
 */
@ApplicationScoped
public class PluginThreads {

    public enum Pool {
        ACTIONS("plugin-action"), PROCESSES("plugin-process"), POLLING("plugin-polling");

        private final String threadName;

        Pool(String threadName) {
            this.threadName = threadName;
        }
    }

    /** The plugin code threw: {@link #getCause()} is its own exception, unwrapped from reflection. */
    public static final class PluginFailure extends Exception {
        PluginFailure(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private final Map<Pool, ExecutorService> pools = new EnumMap<>(Pool.class);

    public PluginThreads(RunnerConfig runner, ProcessRunnerConfig processes) {
        pools.put(Pool.ACTIONS, pool(Pool.ACTIONS, runner.pluginThreads()));
        pools.put(Pool.PROCESSES, pool(Pool.PROCESSES, processes.threads()));
        pools.put(Pool.POLLING, pool(Pool.POLLING, runner.pollingThreads()));
    }

    private static ExecutorService pool(Pool pool, int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, pool.threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pools.values().forEach(ExecutorService::shutdownNow);
    }

    /** Runs {@code task} when a thread of the pool is free, without waiting for it. */
    public void submit(Pool pool, Runnable task) {
        pools.get(pool).submit(ContextCarrier.wrap(task));
    }

    /**
     * Runs {@code call} on the pool and waits at most {@code timeout}; on timeout the call is interrupted and
     * {@link TimeoutException} thrown.
     */
    public <T> T call(Pool pool, Callable<T> call, Duration timeout)
            throws TimeoutException, InterruptedException, PluginFailure {
        Future<T> future = pools.get(pool).submit(ContextCarrier.wrap(call));
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new PluginFailure(cause instanceof InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : cause);
        }
    }
}
