package org.metagov.runner.repository;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

import org.metagov.events.EventJson;
import org.metagov.observability.Traceparent;
import org.metagov.events.RecordLimits;
import org.metagov.sdk.process.ProcessStatus;

/**
 * Process rows, their done commands and their outbox in PostgreSQL. Plugin code is blocking, so these methods wait
 * for the reactive client and must run on plugin or worker threads, never on an event loop.
 */
@ApplicationScoped
public class ProcessStore {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pool pool;
    private final RecordLimits limits;

    public ProcessStore(Pool pool, RecordLimits limits) {
        this.pool = pool;
        this.limits = limits;
    }

    /** Runs {@code work} in one transaction; an exception rolls it back and is re-thrown. */
    public <R> R inTransaction(Function<SqlConnection, R> work) {
        SqlConnection conn = pool.getConnection().await().atMost(TIMEOUT);
        try {
            Transaction tx = conn.begin().await().atMost(TIMEOUT);
            R result;
            try {
                result = work.apply(conn);
            } catch (RuntimeException | Error e) {
                tx.rollback().await().atMost(TIMEOUT);
                throw e;
            }
            tx.commit().await().atMost(TIMEOUT);
            return result;
        } finally {
            conn.close().await().atMost(TIMEOUT);
        }
    }

    /** False when the command was done before (a re-delivery): the caller must then do nothing. */
    public boolean markDone(SqlConnection conn, String commandId) {
        return conn.preparedQuery("INSERT INTO process_command_done (command_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(commandId)).await().atMost(TIMEOUT).rowCount() == 1;
    }

    /** The pending processes in these communities, oldest first: one query for a whole batch of hooks. */
    public List<PendingProcess> pendingIn(Collection<String> communities) {
        List<PendingProcess> found = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT id, process_name, community_slug, plugin_name, instance_id "
                + "FROM process_instance"
                + " WHERE community_slug = ANY($1) AND status = 'pending' ORDER BY created_at")
                .execute(Tuple.of(communities.toArray(String[]::new))).await().atMost(TIMEOUT)) {
            found.add(new PendingProcess(r.getString("id"), r.getString("community_slug"), r.getString("plugin_name"),
                    r.getString("process_name"), r.getString("instance_id")));
        }
        return found;
    }

    /** The row, locked until the transaction ends (so one process never runs two calls at once); null if none. */
    public LoadedProcess lock(SqlConnection conn, String id) {
        for (Row r : conn.preparedQuery("SELECT * FROM process_instance WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id)).await().atMost(TIMEOUT)) {
            return row(r);
        }
        return null;
    }

    private static LoadedProcess row(Row r) {
        OffsetDateTime next = r.getOffsetDateTime("next_update_at");
        return new LoadedProcess(r.getString("id"), r.getString("community_slug"), r.getString("plugin_name"),
                r.getString("process_name"), r.getString("instance_id"), ProcessStatus.of(r.getString("status")),
                json(r.getString("outcome")),
                json(r.getString("errors")), (ObjectNode) json(r.getString("state")),
                next == null ? null : next.toInstant(), r.getString("url"), r.getLong("version"), false);
    }

    /** Stores the row with the next version and puts its update in the outbox, answering {@code commandId}. */
    public void save(SqlConnection conn, LoadedProcess p, String commandId) {
        p.version++;
        String updateId = UUID.randomUUID().toString();
        String payload = EventJson.write(p.toUpdate(updateId, commandId));
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxValueBytes()) {
            // an update the relay could never send: the process completes with errors.delivery instead, so the
            // driver hears of it and nothing is stored that would wedge the outbox
            failDelivery(p, "The process's outcome would make its update " + bytes + " bytes, over the limit of "
                    + limits.maxValueBytes() + " bytes; the outcome was dropped");
            payload = EventJson.write(p.toUpdate(updateId, commandId));
        }
        OffsetDateTime next = p.nextUpdateAt() == null ? null : p.nextUpdateAt().atOffset(ZoneOffset.UTC);
        Tuple values = Tuple.tuple().addString(p.id).addString(p.community).addString(p.plugin).addString(p.name)
                .addString(p.status().value()).addString(EventJson.write(p.outcome())).addString(EventJson.write(p.errors()))
                .addString(EventJson.write(p.stateValues())).addOffsetDateTime(next).addLong(p.version).addString(p.url())
                .addString(p.instanceId);
        conn.preparedQuery("INSERT INTO process_instance (id, community_slug, plugin_name, process_name, status, "
                + "outcome, errors, state, next_update_at, version, url, instance_id) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                + "ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, outcome = EXCLUDED.outcome, "
                + "errors = EXCLUDED.errors, state = EXCLUDED.state, next_update_at = EXCLUDED.next_update_at, "
                + "version = EXCLUDED.version, url = EXCLUDED.url, updated_at = now()")
                .execute(values).await().atMost(TIMEOUT);
        conn.preparedQuery("INSERT INTO process_update_outbox (record_key, payload, traceparent) VALUES ($1, $2, $3)")
                .execute(Tuple.of(p.id, payload, Traceparent.current())).await().atMost(TIMEOUT);
    }

    /**
     * Completes the open (created or pending) processes of a plugin instance that started before
     * {@code before}, with {@code errors.disabled} saying why; their updates go in the outbox (so process-service
     * stores them and calls back). The number closed.
     */
    public int closeOpen(SqlConnection conn, String instanceId, String community, String plugin,
            OffsetDateTime before, String reason) {
        List<LoadedProcess> open = new ArrayList<>();
        // (a row without its instance is of the plugin's only instance in the community)
        for (Row r : conn.preparedQuery("SELECT * FROM process_instance WHERE (instance_id = $4 OR (instance_id IS "
                + "NULL AND community_slug = $1 AND plugin_name = $2)) AND status IN ('created', 'pending') "
                + "AND created_at <= $3 ORDER BY created_at FOR UPDATE")
                .execute(Tuple.of(community, plugin, before, instanceId)).await().atMost(TIMEOUT)) {
            open.add(row(r));
        }
        for (LoadedProcess p : open) {
            ObjectNode errors = p.errors() != null && p.errors().isObject() ? ((ObjectNode) p.errors()).deepCopy()
                    : EventJson.MAPPER.createObjectNode();
            errors.put("disabled", reason);
            p.status(ProcessStatus.COMPLETED);
            p.errors(errors);
            p.nextUpdateAt(null);
            save(conn, p, null);
        }
        return open.size();
    }

    /** Completes {@code p} with {@code errors.delivery} and no outcome (its update could not be delivered). */
    static void failDelivery(LoadedProcess p, String reason) {
        ObjectNode errors = p.errors() != null && p.errors().isObject() ? ((ObjectNode) p.errors()).deepCopy()
                : EventJson.MAPPER.createObjectNode();
        errors.put("delivery", reason);
        p.status(ProcessStatus.COMPLETED);
        p.outcome(NullNode.getInstance());
        p.errors(errors);
        p.nextUpdateAt(null);
    }

    /**
     * The relay could not send an update of {@code processId} (dead-lettered): the process completes with
     * {@code errors.delivery} and a new, small update says so, inside the relay's transaction.
     */
    public Uni<Boolean> onDeadLetter(SqlConnection conn, String processId, String payload, String reason) {
        return conn.preparedQuery("SELECT * FROM process_instance WHERE id = $1 FOR UPDATE").execute(Tuple.of(processId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    LoadedProcess p = row(rows.iterator().next());
                    p.version++;
                    failDelivery(p, "An update of this process could not be sent: " + reason);
                    OffsetDateTime none = null;
                    return conn.preparedQuery("UPDATE process_instance SET status = $2, outcome = $3, errors = $4, "
                            + "next_update_at = $5, version = $6, updated_at = now() WHERE id = $1")
                            .execute(Tuple.tuple().addString(p.id).addString(p.status().value())
                                    .addString(EventJson.write(p.outcome())).addString(EventJson.write(p.errors()))
                                    .addOffsetDateTime(none).addLong(p.version))
                            .flatMap(x -> conn.preparedQuery("INSERT INTO process_update_outbox (record_key, payload) "
                                    + "VALUES ($1, $2)").execute(Tuple.of(processId, EventJson.write(
                                            p.toUpdate(UUID.randomUUID().toString(), null)))))
                            .replaceWith(false); // the replacement must go out: the key is not held
                });
    }

    private static JsonNode json(String text) {
        return text == null ? null : EventJson.read(text, JsonNode.class);
    }
}
