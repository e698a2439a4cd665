package org.metagov.process.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.AuditEntry;
import org.metagov.outbox.AuditOutbox;
import org.metagov.process.config.ProcessConfig;

/** The audit trail of process transitions: written in their transaction, sent to the audit topic (libs/outbox). */
@ApplicationScoped
public class AuditRelay {

    private final AuditOutbox outbox;
    private final Vertx vertx;
    private final ProcessConfig config;

    public AuditRelay(Pool pool, Vertx vertx, ProcessConfig config,
            @Channel("audit-out") MutinyEmitter<Record<String, String>> audit) {
        this.outbox = new AuditOutbox(pool, (key, payload) -> audit.send(Record.of(key, payload)));
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        outbox.startTicking(vertx, config.outboxInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        outbox.stopTicking();
    }

    /** Inside the caller's transaction; {@link #kick} after its commit. */
    public Uni<Void> write(SqlClient connection, AuditEntry entry) {
        return AuditOutbox.write(connection, entry);
    }

    public void kick() {
        outbox.kick();
    }
}
