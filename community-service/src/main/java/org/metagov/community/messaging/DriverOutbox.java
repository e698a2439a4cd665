package org.metagov.community.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.observability.TracedRecords;
import org.metagov.outbox.OutboxGauges;
import org.metagov.outbox.OutboxRelay;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes the driver outbox to the drivers topic (the shared relay, its own table). A record that cannot be sent
 * is dead-lettered and holds that driver's later records; nothing else is flagged (an account is small).
 */
@ApplicationScoped
public class DriverOutbox {

    private final OutboxRelay relay;
    private final Vertx vertx;
    private final Duration interval;

    public DriverOutbox(Pool pool, Vertx vertx, @Channel("drivers-out") MutinyEmitter<Record<String, String>> drivers,
            @ConfigProperty(name = "metagov.outbox.poll-interval", defaultValue = "1s") Duration interval,
            MeterRegistry registry) {
        this.relay = new OutboxRelay(pool, "driver_outbox", 100,
                (String key, String payload, String traceparent) -> drivers.sendMessage(
                        TracedRecords.of(Record.of(key, payload), traceparent)),
                (connection, key, payload, reason) -> Uni.createFrom().item(true));
        OutboxGauges.register(registry, relay, vertx, Duration.ofSeconds(10));
        this.vertx = vertx;
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        relay.startTicking(vertx, interval);
    }

    void onStop(@Observes ShutdownEvent event) {
        relay.stopTicking();
    }

    /** Called after a commit so a change (a revocation) is published at once. */
    public void kick() {
        relay.kick();
    }
}
