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
import org.metagov.outbox.OutboxRelay;

/**
 * Publishes the subscription outbox to the subscriptions topic (the shared relay, its own table). A record that
 * cannot be sent is dead-lettered and holds that subscription's later records, so the dispatcher never applies an
 * older state after a newer one.
 */
@ApplicationScoped
public class SubscriptionOutbox {

    private final OutboxRelay relay;
    private final Vertx vertx;
    private final Duration interval;

    public SubscriptionOutbox(Pool pool, Vertx vertx,
            @Channel("subscriptions-out") MutinyEmitter<Record<String, String>> subscriptions,
            @ConfigProperty(name = "metagov.outbox.poll-interval", defaultValue = "1s") Duration interval) {
        this.relay = new OutboxRelay(pool, "subscription_outbox", 100,
                (key, payload) -> subscriptions.send(Record.of(key, payload)),
                (connection, key, payload, reason) -> Uni.createFrom().item(true));
        this.vertx = vertx;
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        relay.startTicking(vertx, interval);
    }

    void onStop(@Observes ShutdownEvent event) {
        relay.stopTicking();
    }

    /** Called after a commit so a change is published at once. */
    public void kick() {
        relay.kick();
    }
}
