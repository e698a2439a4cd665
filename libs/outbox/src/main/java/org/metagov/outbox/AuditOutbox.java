package org.metagov.outbox;

import java.time.Duration;

import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audit trail's outbox, the same in every service: {@link #write} puts an {@link AuditEntry} into the table
 * {@value #TABLE} inside the caller's transaction (so an entry exists exactly when its change committed), and the
 * shared {@link OutboxRelay} sends it to the audit topic keyed by community. An entry that cannot be sent is
 * dead-lettered without holding the community's later entries: entries are independent, order comes from their time.
 * Services create the table (and its {@link OutboxSchema} dead-letter table) in a Flyway migration.
 */
public final class AuditOutbox {

    public static final String TABLE = "audit_outbox";

    private final OutboxRelay relay;

    public AuditOutbox(Pool pool, OutboxRelay.Sender sender) {
        this.relay = new OutboxRelay(pool, TABLE, 200, sender, (connection, key, payload, reason) ->
                Uni.createFrom().item(false));
    }

    /** Writes the entry with the caller's connection (its transaction); {@link #kick} after the commit. */
    public static Uni<Void> write(SqlClient connection, AuditEntry entry) {
        return connection.preparedQuery("INSERT INTO " + TABLE + " (record_key, payload) VALUES ($1, $2)")
                .execute(Tuple.of(keyOf(entry), EventJson.write(entry))).replaceWithVoid();
    }

    /** The record key: the community (the topic's partitioning), or {@code driver:<id>} for an account change. */
    public static String keyOf(AuditEntry entry) {
        return entry.community() != null ? entry.community() : "driver:" + entry.subject();
    }

    /** Once the application runs (the Kafka emitter is wired late in a start). */
    public void startTicking(Vertx vertx, Duration interval) {
        relay.startTicking(vertx, interval);
    }

    public void stopTicking() {
        relay.stopTicking();
    }

    /** After a commit, so the entries leave at once rather than at the next tick. */
    public void kick() {
        relay.kick();
    }

    public OutboxRelay relay() {
        return relay;
    }
}
