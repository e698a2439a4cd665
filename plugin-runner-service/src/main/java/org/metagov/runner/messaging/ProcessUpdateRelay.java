package org.metagov.runner.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.observability.TracedRecords;
import org.metagov.outbox.OutboxGauges;
import org.metagov.outbox.OutboxRelay;

import io.micrometer.core.instrument.MeterRegistry;
import org.metagov.runner.config.ProcessRunnerConfig;
import org.metagov.runner.repository.ProcessStore;

/**
 * Publishes process updates from the outbox (the shared relay), keyed by process id; process-service applies only
 * newer versions, so a re-send after a crash changes nothing. An update that can never be sent completes its
 * process with {@code errors.delivery} through a new, small update ({@link ProcessStore#onDeadLetter}).
 */
@ApplicationScoped
public class ProcessUpdateRelay {

    private final OutboxRelay relay;
    private final Vertx vertx;
    private final Duration interval;

    public ProcessUpdateRelay(Pool pool, Vertx vertx, ProcessStore store,
            @Channel("process-updates-out") MutinyEmitter<Record<String, String>> updates,
            ProcessRunnerConfig config, MeterRegistry registry) {
        this.relay = new OutboxRelay(pool, "process_update_outbox", 200,
                (String key, String payload, String traceparent) -> updates.sendMessage(
                        TracedRecords.of(Record.of(key, payload), traceparent)),
                store::onDeadLetter);
        OutboxGauges.register(registry, relay, vertx, Duration.ofSeconds(10));
        this.vertx = vertx;
        this.interval = config.relayInterval();
    }

    // not before the application runs: channels are wired during startup
    void onStart(@Observes StartupEvent event) {
        relay.startTicking(vertx, interval);
    }

    void onStop(@Observes ShutdownEvent event) {
        relay.stopTicking();
    }

    /** Called after a commit so the update leaves at once rather than at the next tick. */
    public void kick() {
        relay.kick();
    }
}
