package org.metagov.runner.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * How long plugin code takes and how it ended: {@code metagov_action_duration_seconds{plugin, action, outcome}} and
 * {@code metagov_process_call_duration_seconds{plugin, process, call, outcome}}. Labels are bounded (the plugins'
 * declared names and a handful of outcomes), never a community or an id.
 */
@ApplicationScoped
public class PluginCallMetrics {

    private final MeterRegistry registry;

    public PluginCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param outcome the reply's outcome in lower case: ok, rejected, failed, timed_out, not_enabled */
    public void action(String plugin, String action, String outcome, long startedNanos) {
        Timer.builder("metagov.action.duration").description("Plugin actions, from the runner taking the request to "
                + "its reply").tags("plugin", plugin, "action", action, "outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** @param call start, update, close, webhook, reopen; @param outcome ok, unsupported, failed, timed_out */
    public void processCall(String plugin, String process, String call, String outcome, long startedNanos) {
        Timer.builder("metagov.process.call.duration").description("Calls of governance process code")
                .tags("plugin", plugin, "process", process, "call", call, "outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}
