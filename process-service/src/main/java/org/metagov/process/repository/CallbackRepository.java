package org.metagov.process.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import org.metagov.observability.Traceparent;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Callback deliveries: queued in the transaction that changed the process, claimed by lease, retried. */
@ApplicationScoped
public class CallbackRepository {

    /** The driver of a delivery's process (a process row outlives its callbacks' rows). */
    private static final String DRIVER = "(SELECT p.driver FROM process p WHERE p.id = process_id) AS driver_id";

    /**
     * @param driver      the driver that started the process, whose callback secret signs it
     * @param traceparent the trace the callback was queued in (the update's), sent on as its header; or null
     */
    public record Delivery(long id, String webhookId, String processId, String url, String payload, int attempts,
            String driver, String traceparent) {
    }

    /** Deliveries not yet delivered or given up: for the callback backlog gauge. */
    public Uni<Long> backlog(SqlClient db) {
        return db.query("SELECT count(*) FROM callback_delivery WHERE delivered_at IS NULL AND failed_at IS NULL")
                .execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Queues a delivery. When the process has no older delivery still open, the new one is claimed at once (leased
     * for {@code leaseMillis}, attempt 1) and returned, so the caller can send it right after the commit without
     * another query; otherwise it waits its turn (callbacks of one process arrive in order) and null is returned.
     */
    public Uni<Delivery> queue(SqlClient db, String processId, String url, String payload, long leaseMillis) {
        return db.preparedQuery("INSERT INTO callback_delivery (webhook_id, process_id, url, payload, attempts, "
                + "next_attempt_at, traceparent) SELECT $1, $2, $3, $4, CASE WHEN o.open THEN 0 ELSE 1 END, "
                + "CASE WHEN o.open THEN now() ELSE now() + $5 * interval '1 millisecond' END, $6 "
                + "FROM (SELECT EXISTS (SELECT 1 FROM callback_delivery WHERE process_id = $2 "
                + "AND delivered_at IS NULL AND failed_at IS NULL) AS open) o "
                + "RETURNING id, webhook_id, process_id, url, payload, attempts, traceparent, " + DRIVER)
                .execute(Tuple.of("msg_" + UUID.randomUUID().toString().replace("-", ""), processId, url, payload,
                        leaseMillis, Traceparent.current()))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return r.getInteger("attempts") == 1 ? delivery(r) : null;
                });
    }

    /**
     * Claims due deliveries for {@code leaseMillis} (another replica takes them over only after it ran out). Only
     * the oldest open delivery of each process is due, so a driver gets a process's callbacks in order.
     */
    public Uni<List<Delivery>> claimDue(SqlClient db, int limit, long leaseMillis) {
        return db.preparedQuery("WITH due AS (SELECT c.id FROM callback_delivery c "
                + "WHERE c.delivered_at IS NULL AND c.failed_at IS NULL AND c.next_attempt_at <= now() "
                + "AND NOT EXISTS (SELECT 1 FROM callback_delivery e WHERE e.process_id = c.process_id "
                + "AND e.id < c.id AND e.delivered_at IS NULL AND e.failed_at IS NULL) "
                + "ORDER BY c.id LIMIT $1 FOR UPDATE SKIP LOCKED) "
                + "UPDATE callback_delivery d SET attempts = d.attempts + 1, "
                + "next_attempt_at = now() + $2 * interval '1 millisecond' FROM due WHERE d.id = due.id "
                + "RETURNING d.id, d.webhook_id, d.process_id, d.url, d.payload, d.attempts, d.traceparent, " + DRIVER)
                .execute(Tuple.of(limit, leaseMillis)).map(rows -> {
                    List<Delivery> claimed = new ArrayList<>();
                    for (Row r : rows) {
                        claimed.add(delivery(r));
                    }
                    return claimed;
                });
    }

    public Uni<Void> delivered(SqlClient db, long id) {
        return db.preparedQuery("UPDATE callback_delivery SET delivered_at = now(), last_error = NULL WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> retryLater(SqlClient db, long id, long delayMillis, String error) {
        return db.preparedQuery("UPDATE callback_delivery SET next_attempt_at = now() + $2 * interval '1 millisecond', "
                + "last_error = $3 WHERE id = $1")
                .execute(Tuple.of(id, delayMillis, error)).replaceWithVoid();
    }

    public Uni<Void> failed(SqlClient db, long id, String error) {
        return db.preparedQuery("UPDATE callback_delivery SET failed_at = now(), last_error = $2 WHERE id = $1")
                .execute(Tuple.of(id, error)).replaceWithVoid();
    }

    private static Delivery delivery(Row r) {
        return new Delivery(r.getLong("id"), r.getString("webhook_id"), r.getString("process_id"), r.getString("url"),
                r.getString("payload"), r.getInteger("attempts"), r.getString("driver_id"),
                r.getString("traceparent"));
    }
}
