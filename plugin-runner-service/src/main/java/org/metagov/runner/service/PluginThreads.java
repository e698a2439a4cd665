package org.metagov.runner.service;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

import org.metagov.observability.ContextCarrier;
import org.metagov.runner.config.ProcessRunnerConfig;
import org.metagov.runner.config.RunnerConfig;
import org.metagov.runner.config.SharesConfig;

/**
 * The threads plugin code runs on (it blocks on platform calls), one pool per kind of work so a slow kind cannot
 * starve another: actions ({@code runner.plugin-threads}), process calls ({@code runner.processes.threads}) and
 * polling tasks ({@code runner.polling-threads}). Within each pool one community, and one plugin, holds at most its
 * share ({@code runner.shares.*}): past it an action waits briefly in a bounded queue and is then refused
 * ({@link Busy}, 429 to the driver); a process call waits for its share (it must not be lost); a polling task runs
 * at a later tick.
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

    /** The community's or the plugin's share of the pool is in use and its queue full: try again after a while. */
    public static final class Busy extends Exception {
        private final Duration retryAfter;

        Busy(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final Map<Pool, ExecutorService> pools = new EnumMap<>(Pool.class);
    private final Map<Pool, Shares> shares = new EnumMap<>(Pool.class);
    private final SharesConfig config;
    private final MeterRegistry metrics;

    public PluginThreads(RunnerConfig runner, ProcessRunnerConfig processes, SharesConfig config,
            MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
        add(Pool.ACTIONS, runner.pluginThreads());
        add(Pool.PROCESSES, processes.threads());
        add(Pool.POLLING, runner.pollingThreads());
    }

    private void add(Pool pool, int threads) {
        pools.put(pool, Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, pool.threadName);
            t.setDaemon(true);
            return t;
        }));
        shares.put(pool, new Shares(threads, config.perCommunity(), config.perPlugin(), config.queue()));
    }

    @PreDestroy
    void stop() {
        pools.values().forEach(ExecutorService::shutdownNow);
    }

    /**
     * An action: runs {@code call} within the community's and the plugin's share of the action threads, waiting for
     * a share at most {@code runner.shares.queue-wait} (and never past {@code deadline}), then at most
     * {@code timeout} for the call.
     */
    public <T> T action(String community, String plugin, Callable<T> call, Duration timeout, Instant deadline)
            throws Busy, TimeoutException, InterruptedException, PluginFailure {
        Duration wait = config.queueWait();
        if (deadline != null && Duration.between(Instant.now(), deadline).compareTo(wait) < 0) {
            wait = Duration.between(Instant.now(), deadline);
        }
        Shares.Permit permit = shares.get(Pool.ACTIONS).tryEnter(community, plugin, wait);
        if (permit == null) {
            metrics.counter("metagov.shares.refused", "pool", "actions", "plugin", plugin).increment();
            throw new Busy("Community '" + community + "' or plugin '" + plugin + "' is using its whole share of"
                    + " the plugin runner; retry later", config.retryAfter());
        }
        return run(Pool.ACTIONS, permit, call, timeout);
    }

    /** A process call: waits for the community's and the plugin's share (never refused), then at most timeout. */
    public <T> T processCall(String community, String plugin, Callable<T> call, Duration timeout)
            throws TimeoutException, InterruptedException, PluginFailure {
        return run(Pool.PROCESSES, shares.get(Pool.PROCESSES).enter(community, plugin), call, timeout);
    }

    /** A polling task, without waiting; false when the share is in use (the caller runs it at a later tick). */
    public boolean tryPoll(String community, String plugin, Runnable task) {
        Shares.Permit permit;
        try {
            permit = shares.get(Pool.POLLING).tryEnter(community, plugin, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (permit == null) {
            return false;
        }
        try {
            pools.get(Pool.POLLING).submit(ContextCarrier.wrap(() -> {
                try (permit) {
                    task.run();
                }
            }));
            return true;
        } catch (RejectedExecutionException e) {
            permit.close();
            return false;
        }
    }

    /** Work of the runner itself (an instance's teardown), outside every share, waiting at most timeout. */
    public <T> T call(Pool pool, Callable<T> call, Duration timeout)
            throws TimeoutException, InterruptedException, PluginFailure {
        return run(pool, null, call, timeout);
    }

    /** The threads of the pool one community may hold at once. */
    public int communityShare(Pool pool) {
        return shares.get(pool).perCommunity();
    }

    /**
     * Runs {@code call} holding {@code permit} until the code really ends (a call stuck past its timeout keeps
     * counting against its own share), waiting at most {@code timeout}; on timeout the call is interrupted. A null
     * permit: outside the shares.
     */
    private <T> T run(Pool pool, Shares.Permit permit, Callable<T> call, Duration timeout)
            throws TimeoutException, InterruptedException, PluginFailure {
        AtomicBoolean started = new AtomicBoolean();
        Future<T> future;
        try {
            // the trace and log fields of the caller go with the call onto the plugin thread
            future = pools.get(pool).submit(ContextCarrier.wrap(() -> {
                if (!started.compareAndSet(false, true)) {
                    return null; // cancelled before it started; the permit is back already
                }
                try (permit) {
                    return call.call();
                }
            }));
        } catch (RejectedExecutionException e) {
            if (permit != null) {
                permit.close();
            }
            throw new InterruptedException("The runner is shutting down");
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            future.cancel(true);
            if (started.compareAndSet(false, true) && permit != null) {
                permit.close();
            }
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new PluginFailure(cause instanceof InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : cause);
        }
    }
}
