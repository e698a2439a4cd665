package org.metagov.runner.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

import org.metagov.plugin.model.PluginType;
import org.metagov.runner.config.RunnerConfig;
import org.metagov.runner.messaging.ProcessUpdateRelay;
import org.metagov.runner.repository.TeardownRepository;
import org.metagov.runner.repository.TeardownRepository.DueTeardown;
import org.metagov.runner.service.PluginThreads.Pool;
import org.metagov.sdk.PluginBase;

/**
 * Runs the {@code onDisable()} of disabled instances until it has completed once, on whichever replica claims it
 * first; a crashed try is claimed again after its lease, a failed one after {@code runner.teardown.retry-delay},
 * and after {@code runner.teardown.max-attempts} tries it is given up. Either way the instance's open processes are
 * then completed with an error, and its state and config dropped. Counted in
 * {@code metagov.plugin.teardowns{plugin, outcome=completed|failed|given_up}}.
 */
@ApplicationScoped
public class InstanceTeardown {

    private static final int PER_TICK = 20;

    private final TeardownRepository teardowns;
    private final PluginRegistry registry;
    private final PluginContexts contexts;
    private final PluginThreads threads;
    private final ProcessUpdateRelay relay;
    private final RunnerConfig.Teardown config;
    private final MeterRegistry metrics;

    public InstanceTeardown(TeardownRepository teardowns, PluginRegistry registry, PluginContexts contexts,
            PluginThreads threads, ProcessUpdateRelay relay, RunnerConfig config, MeterRegistry metrics) {
        this.teardowns = teardowns;
        this.registry = registry;
        this.contexts = contexts;
        this.threads = threads;
        this.relay = relay;
        this.config = config.teardown();
        this.metrics = metrics;
    }

    @Scheduled(every = "${runner.teardown.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        for (int i = 0; i < PER_TICK; i++) {
            Optional<DueTeardown> due = teardowns.claimDue(config.timeout().plus(Duration.ofSeconds(30)));
            if (due.isEmpty()) {
                return;
            }
            run(due.get());
        }
    }

    private void run(DueTeardown teardown) {
        PluginType type = registry.find(teardown.plugin()).orElse(null);
        if (type == null) {
            giveUp(teardown, "this runner does not host the plugin");
            return;
        }
        if (teardown.attempt() > config.maxAttempts()) {
            giveUp(teardown, "onDisable() failed " + config.maxAttempts() + " times");
            return;
        }
        var handle = registry.create(type);
        try {
            PluginBase plugin = handle.get();
            plugin.bind(contexts.of(teardown.id(), teardown.community(), teardown.plugin(), teardown.config()));
            threads.call(Pool.POLLING, () -> {
                plugin.onDisable();
                return null;
            }, config.timeout());
        } catch (PluginThreads.PluginFailure | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof PluginThreads.PluginFailure ? e.getCause() : e;
            count(teardown, "failed");
            Log.warnf(cause, "onDisable() of plugin %s for community %s (instance %s) failed, try %d of %d",
                    teardown.plugin(), teardown.community(), teardown.id(), teardown.attempt(), config.maxAttempts());
            if (teardown.attempt() >= config.maxAttempts()) {
                giveUp(teardown, "onDisable() failed " + teardown.attempt() + " times");
            } else {
                teardowns.retryLater(teardown.id(), config.retryDelay());
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease ends and a replica tries again
        } finally {
            handle.destroy();
        }
        int closed = teardowns.finish(teardown, "completed");
        relay.kick();
        count(teardown, "completed");
        Log.infof("Tore down plugin %s of community %s (instance %s, %s): %d open processes closed",
                teardown.plugin(), teardown.community(), teardown.id(), teardown.reason(), closed);
    }

    private void giveUp(DueTeardown teardown, String why) {
        int closed = teardowns.finish(teardown, "given_up");
        relay.kick();
        count(teardown, "given_up");
        Log.errorf("Gave up the teardown of plugin %s of community %s (instance %s): %s; its state was dropped and "
                + "%d open processes closed", teardown.plugin(), teardown.community(), teardown.id(), why, closed);
    }

    private void count(DueTeardown teardown, String outcome) {
        metrics.counter("metagov.plugin.teardowns", "plugin", teardown.plugin(), "outcome", outcome).increment();
    }
}
