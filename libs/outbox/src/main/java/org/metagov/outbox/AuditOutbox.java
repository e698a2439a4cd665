package org.metagov.outbox;

import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audit trail's outbox, the same in every service: {@link #write} puts an {@link AuditEntry} into the table
 * {@value #TABLE} inside the caller's transaction (so an entry exists exactly when its change committed), and the
 * shared {@link OutboxRelay} sends it to the audit topic keyed by community. An entry that cannot be sent is
 * dead-lettered without holding the community's later entries: entries are independent, order comes from their time.
 * Services create the table with {@link #DDL} in a Flyway migration.
 */
public final class AuditOutbox {

    public static final String TABLE = "audit_outbox";

    /** The migration every service with an audit trail runs (the outbox and its dead-letter table). */
    public static final String DDL = "CREATE TABLE audit_outbox (id BIGSERIAL PRIMARY KEY, record_key TEXT NOT NULL, "
            + "payload TEXT, created_at TIMESTAMPTZ NOT NULL DEFAULT now()); "
            + OutboxSchema.deadLetterTable(TABLE);

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

    public void kick() {
        relay.kick();
    }

    public OutboxRelay relay() {
        return relay;
    }
}
