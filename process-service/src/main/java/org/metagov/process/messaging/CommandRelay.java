package org.metagov.process.messaging;

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
import io.vertx.mutiny.sqlclient.SqlConnection;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.observability.TracedRecords;
import org.metagov.outbox.OutboxGauges;
import org.metagov.outbox.OutboxRelay;

import io.micrometer.core.instrument.MeterRegistry;
import org.metagov.process.config.ProcessConfig;
import org.metagov.process.service.UpdateApplier;

/**
 * Publishes process commands from the outbox (the shared relay), keyed by process id. A command that can never be
 * sent completes its process with {@code errors.delivery} and fires its callback; the process's later commands are
 * not held (the process is completed, so they change nothing).
 */
@ApplicationScoped
public class CommandRelay {

    private final OutboxRelay relay;
    private final Vertx vertx;
    private final Duration interval;

    public CommandRelay(Pool pool, Vertx vertx, ProcessConfig config, UpdateApplier updates,
            @Channel("process-commands-out") MutinyEmitter<Record<String, String>> commands, MeterRegistry registry) {
        this.relay = new OutboxRelay(pool, "command_outbox", 200,
                (String key, String payload, String traceparent) -> commands.sendMessage(
                        TracedRecords.of(Record.of(key, payload), traceparent)),
                (SqlConnection conn, String processId, String payload, String reason) -> updates
                        .failDelivery(conn, processId, reason).replaceWith(false));
        OutboxGauges.register(registry, relay, vertx, Duration.ofSeconds(10));
        this.vertx = vertx;
        this.interval = config.outboxInterval();
    }

    // not before the application runs: the Kafka emitter is connected only late in a (slow) start
    void onStart(@Observes StartupEvent event) {
        relay.startTicking(vertx, interval);
    }

    void onStop(@Observes ShutdownEvent event) {
        relay.stopTicking();
    }

    /** Called after a commit so the command leaves at once rather than at the next tick. */
    public void kick() {
        relay.kick();
    }

    public Uni<Long> backlog() {
        return relay.backlog();
    }
}
