package org.metagov.community.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.outbox.AuditOutbox;

/** Sends this service's own audit entries (community, plugin and driver changes) to the audit topic. */
@ApplicationScoped
public class AuditRelay {

    private final AuditOutbox outbox;
    private final Vertx vertx;
    private final Duration interval;

    public AuditRelay(Pool pool, Vertx vertx, @Channel("audit-out") MutinyEmitter<Record<String, String>> audit,
            @ConfigProperty(name = "metagov.outbox.poll-interval", defaultValue = "1s") Duration interval) {
        this.outbox = new AuditOutbox(pool, (key, payload) -> audit.send(Record.of(key, payload)));
        this.vertx = vertx;
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        outbox.startTicking(vertx, interval);
    }

    void onStop(@Observes ShutdownEvent event) {
        outbox.stopTicking();
    }

    public void kick() {
        outbox.kick();
    }
}
