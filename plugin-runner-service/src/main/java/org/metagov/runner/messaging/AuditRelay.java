package org.metagov.runner.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.AuditEntry;
import org.metagov.outbox.AuditOutbox;
import org.metagov.runner.config.ProcessRunnerConfig;

/**
 * The audit trail of actions: each action the runner ran (or refused) is written to its audit outbox and sent to the
 * audit topic by the shared relay. The write does not hold the reply up: the entry is durable once the row
 * committed, a moment after the reply left.
 */
@ApplicationScoped
public class AuditRelay {

    private final Pool pool;
    private final AuditOutbox outbox;
    private final Vertx vertx;
    private final ProcessRunnerConfig config;

    public AuditRelay(Pool pool, Vertx vertx, ProcessRunnerConfig config,
            @Channel("audit-out") MutinyEmitter<Record<String, String>> audit) {
        this.pool = pool;
        this.outbox = new AuditOutbox(pool, (key, payload) -> audit.send(Record.of(key, payload)));
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        outbox.startTicking(vertx, config.relayInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        outbox.stopTicking();
    }

    /** Stores the entry (its own transaction: an action changes nothing in this database) and sends it. */
    public void record(AuditEntry entry) {
        AuditOutbox.write(pool, entry).subscribe().with(x -> outbox.kick(),
                e -> Log.errorf("audit: the entry of %s %s in community %s was not stored: %s", entry.kind(),
                        entry.subject(), entry.community(), e.getMessage()));
    }
}
