package org.metagov.dispatcher.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Delivery counters and latency. Tagged by {@code source} (the plugin: a handful of values) and a bounded cause,
 * never by community or event id, whose number grows without limit.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param latency from the event's own timestamp (or its arrival in Kafka) to the receiver's 2xx */
    public void delivered(String source, Duration latency) {
        Counter.builder("metagov.dispatcher.events.delivered")
                .description("Events the receiver answered with 2xx")
                .tag("source", tag(source)).register(registry).increment();
        Timer.builder("metagov.dispatcher.delivery.latency")
                .description("From the event's timestamp to the receiver's 2xx, retries included")
                .tag("source", tag(source))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    public void retried(String source, String cause) {
        Counter.builder("metagov.dispatcher.events.retried")
                .description("Failed attempts that were followed by another attempt")
                .tag("source", tag(source)).tag("cause", cause).register(registry).increment();
    }

    public void deadLettered(String source, String cause) {
        Counter.builder("metagov.dispatcher.events.dead.lettered")
                .description("Events given up and written to driver-events.dlq")
                .tag("source", tag(source)).tag("cause", cause).register(registry).increment();
    }

    /** Every attempt and how it ended (delivered, retry, give_up): the delivery error ratio's two sides. */
    public void attempted(String source, String result) {
        Counter.builder("metagov.dispatcher.attempts")
                .description("POSTs to receivers, by result: delivered (2xx), retry (will be tried again), give_up")
                .tag("source", tag(source)).tag("result", result).register(registry).increment();
    }

    /** For the hand-built Kafka clients' meters. */
    public MeterRegistry registry() {
        return registry;
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
