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
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.observability.TracedRecords;
import org.metagov.outbox.OutboxGauges;
import org.metagov.outbox.OutboxRelay;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes the community outbox to the communities topic (the shared relay). A community whose record cannot be
 * sent is flagged ({@code community.delivery_failed}) and its later records are held until an operator deletes the
 * dead letter; the service is not ready meanwhile ({@code OutboxReadiness}).
 */
@ApplicationScoped
public class CommunityOutbox {

    private final OutboxRelay relay;
    private final Vertx vertx;
    private final Duration interval;

    public CommunityOutbox(Pool pool, Vertx vertx,
            @Channel("communities-out") MutinyEmitter<Record<String, String>> communities,
            @ConfigProperty(name = "metagov.outbox.poll-interval", defaultValue = "1s") Duration interval,
            MeterRegistry registry) {
        this.relay = new OutboxRelay(pool, "outbox", 100,
                (String key, String payload, String traceparent) -> communities.sendMessage(
                        TracedRecords.of(Record.of(key, payload), traceparent)),
                CommunityOutbox::flagCommunity);
        OutboxGauges.register(registry, relay, vertx, Duration.ofSeconds(10));
        this.vertx = vertx;
        this.interval = interval;
    }

    // not before the application runs: channels are wired during startup
    void onStart(@Observes StartupEvent event) {
        relay.startTicking(vertx, interval);
    }

    void onStop(@Observes ShutdownEvent event) {
        relay.stopTicking();
    }

    /** Called after a commit so a change is published at once rather than at the next tick. */
    public void kick() {
        relay.kick();
    }

    public OutboxRelay relay() {
        return relay;
    }

    private static Uni<Boolean> flagCommunity(SqlConnection connection, String slug, String payload, String reason) {
        return connection.preparedQuery("UPDATE community SET delivery_failed = $2 WHERE slug = $1")
                .execute(Tuple.of(slug, reason)).replaceWith(true);
    }
}
