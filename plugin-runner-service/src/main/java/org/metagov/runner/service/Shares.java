package org.metagov.runner.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulkheads of one pool of plugin threads: per community and per plugin, a number of permits (the share) and a
 * bounded number of callers that may wait for one. A permit is held while the plugin code runs, until it really
 * ends (not when its caller stops waiting), so code stuck past its timeout still counts against its own share and
 * never against the others'.
 */
final class Shares {

    /** Held while one call runs; {@link #close()} gives both permits back, once. */
    static final class Permit implements AutoCloseable {
        private final Bulkhead community;
        private final Bulkhead plugin;
        private boolean closed;

        private Permit(Bulkhead community, Bulkhead plugin) {
            this.community = community;
            this.plugin = plugin;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                plugin.permits.release();
                community.permits.release();
            }
        }
    }

    private static final class Bulkhead {
        final Semaphore permits;
        final AtomicInteger waiting = new AtomicInteger();

        Bulkhead(int size) {
            permits = new Semaphore(size, true);
        }

        /** A permit now, or after waiting at most {@code nanos} among at most {@code queue} waiters. */
        boolean tryAcquire(int queue, long nanos) throws InterruptedException {
            if (permits.tryAcquire()) {
                return true;
            }
            if (nanos <= 0 || waiting.incrementAndGet() > queue) {
                if (nanos > 0) {
                    waiting.decrementAndGet();
                }
                return false;
            }
            try {
                return permits.tryAcquire(nanos, TimeUnit.NANOSECONDS);
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    private final int perCommunity;
    private final int perPlugin;
    private final int queue;
    private final Map<String, Bulkhead> communities = new ConcurrentHashMap<>();
    private final Map<String, Bulkhead> plugins = new ConcurrentHashMap<>();

    /** Shares of a pool of {@code threads}: fractions of it, at least one thread each. */
    Shares(int threads, double communityFraction, double pluginFraction, int queue) {
        this.perCommunity = Math.max(1, (int) Math.floor(threads * communityFraction));
        this.perPlugin = Math.max(1, (int) Math.floor(threads * pluginFraction));
        this.queue = queue;
    }

    int perCommunity() {
        return perCommunity;
    }

    int perPlugin() {
        return perPlugin;
    }

    /**
     * A permit for one call of {@code plugin} for {@code community}, waiting at most {@code maxWait} in the bounded
     * queue; null when the share stays full (the caller is refused, or tries again later).
     */
    Permit tryEnter(String community, String plugin, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        Bulkhead c = communities.computeIfAbsent(community, k -> new Bulkhead(perCommunity));
        if (!c.tryAcquire(queue, maxWait.toNanos())) {
            return null;
        }
        Bulkhead p = plugins.computeIfAbsent(plugin, k -> new Bulkhead(perPlugin));
        boolean entered = false;
        try {
            entered = p.tryAcquire(queue, deadline - System.nanoTime());
        } finally {
            if (!entered) {
                c.permits.release();
            }
        }
        return entered ? new Permit(c, p) : null;
    }

    /** A permit for a call that must not be lost (a process command): waits as long as the share is full. */
    Permit enter(String community, String plugin) throws InterruptedException {
        Bulkhead c = communities.computeIfAbsent(community, k -> new Bulkhead(perCommunity));
        c.permits.acquire();
        Bulkhead p = plugins.computeIfAbsent(plugin, k -> new Bulkhead(perPlugin));
        try {
            p.permits.acquire();
        } catch (InterruptedException e) {
            c.permits.release();
            throw e;
        }
        return new Permit(c, p);
    }
}
