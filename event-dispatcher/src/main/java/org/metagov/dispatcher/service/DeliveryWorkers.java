package org.metagov.dispatcher.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The threads deliveries run on. Unbounded on purpose: a lane holds a thread only while it has work, and the lanes
 * with work are bounded by the records a consumer may hold ({@code dispatcher.max-unfinished-records}), so a fixed
 * pool would only let hanging receivers take every thread from the healthy ones.
 */
@ApplicationScoped
public class DeliveryWorkers {

    private final ExecutorService pool = Executors.newCachedThreadPool(named("dispatcher-delivery-"));
    /** Only waits out backoffs and hands the lane back to the pool; it never delivers itself. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            named("dispatcher-backoff-"));

    public void execute(Runnable task) {
        pool.execute(task);
    }

    public void schedule(Runnable task, long delayMillis) {
        timer.schedule(() -> pool.execute(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
