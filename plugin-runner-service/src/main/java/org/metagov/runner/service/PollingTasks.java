package org.metagov.runner.service;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;

import org.metagov.runner.config.RunnerConfig;
import org.metagov.runner.messaging.OwnedPartitions;

/**
 * Runs every enabled instance's {@code @EventProducer} once per interval on the replica that owns the
 * community's partition. A run never overlaps the previous one of the same instance; a failure is logged and
 * the next interval runs as usual.
 */
@ApplicationScoped
public class PollingTasks {

    private final PluginInstances instances;
    private final OwnedPartitions ownership;
    private final RunnerConfig config;
    private final MeterRegistry metrics;
    private final PluginThreads threads;
    /** Instance id -> when it may run next; absent while it runs. */
    private final Map<String, Instant> nextRun = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();

    public PollingTasks(PluginInstances instances, @Identifier("runner-partitions") OwnedPartitions ownership,
            RunnerConfig config, MeterRegistry metrics, PluginThreads threads) {
        this.instances = instances;
        this.ownership = ownership;
        this.config = config;
        this.metrics = metrics;
        this.threads = threads;
    }

    @Scheduled(every = "${runner.polling.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class) // channels are wired during startup
    void tick() {
        Instant now = Instant.now();
        for (LiveInstance instance : instances.all()) {
            Method task = instance.type().listeners().eventProducer();
            if (task == null || !ownership.owns(instance.community())) {
                continue;
            }
            Instant due = nextRun.computeIfAbsent(instance.id(), id -> now);
            if (now.isBefore(due) || running.putIfAbsent(instance.id(), Boolean.TRUE) != null) {
                continue;
            }
            // past the community's or the plugin's share of the polling threads it runs at a later tick, not lost
            if (threads.tryPoll(instance.community(), instance.type().name(), () -> run(instance, task))) {
                nextRun.put(instance.id(), now.plus(interval(instance)));
            } else {
                running.remove(instance.id());
                metrics.counter("metagov.shares.deferred", "pool", "polling", "plugin", instance.type().name())
                        .increment();
            }
        }
        nextRun.keySet().removeIf(id -> instances.all().stream().noneMatch(i -> i.id().equals(id)));
    }

    private Duration interval(LiveInstance instance) {
        long seconds = instance.type().listeners().pollIntervalSeconds();
        return seconds > 0 ? Duration.ofSeconds(seconds) : config.polling().defaultInterval();
    }

    private void run(LiveInstance instance, Method task) {
        try {
            task.invoke(instance.plugin());
            metrics.counter("metagov.polling.runs", "plugin", instance.type().name(), "outcome", "ok").increment();
        } catch (InvocationTargetException e) {
            metrics.counter("metagov.polling.runs", "plugin", instance.type().name(), "outcome", "failed").increment();
            Log.errorf(e.getCause(), "Polling task of %s for community %s failed; it runs again next interval",
                    instance.type().name(), instance.community());
        } catch (IllegalAccessException e) {
            Log.errorf(e, "Polling task of %s is not callable", instance.type().name());
        } finally {
            running.remove(instance.id());
        }
    }
}
