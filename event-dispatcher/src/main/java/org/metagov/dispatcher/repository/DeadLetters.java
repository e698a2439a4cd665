package org.metagov.dispatcher.repository;

import static org.metagov.dispatcher.repository.ParkedDeliveries.TIMEOUT;
import static org.metagov.dispatcher.repository.ParkedDeliveries.instant;
import static org.metagov.dispatcher.repository.ParkedDeliveries.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Deliveries that gave up, per subscription: what the list shows and what a retry sends again. */
@ApplicationScoped
public class DeadLetters {

    /** @param lastStatus the receiver's last HTTP status, null when it never answered */
    public record Letter(long id, String subscriptionId, String eventId, String community, String source,
            String eventType, String cause, String reason, int attempts, Integer lastStatus, String event,
            Instant receivedAt, Instant createdAt) {
    }

    private final Pool db;

    public DeadLetters(Pool db) {
        this.db = db;
    }

    /** Records (or, for an event that gave up again, replaces) the dead letter; the parked row, if any, goes. */
    public void record(Letter letter, Long parkedId) {
        String insert = "INSERT INTO dead_letter (subscription_id, event_id, community, source, event_type, cause, "
                + "reason, attempts, last_status, event, received_at) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (subscription_id, event_id) "
                + "DO UPDATE SET cause = EXCLUDED.cause, reason = EXCLUDED.reason, attempts = EXCLUDED.attempts, "
                + "last_status = EXCLUDED.last_status, created_at = now()";
        Tuple values = Tuple.from(new Object[] {letter.subscriptionId(), letter.eventId(), letter.community(),
                letter.source(), letter.eventType(), letter.cause(), letter.reason(), letter.attempts(),
                letter.lastStatus(), letter.event(), utc(letter.receivedAt())});
        if (parkedId == null) {
            db.preparedQuery(insert).execute(values).await().atMost(TIMEOUT);
            return;
        }
        // one transaction: a crash between the two neither loses the event nor delivers it again
        db.withTransaction(tx -> tx.preparedQuery(insert).execute(values)
                .chain(() -> tx.preparedQuery("DELETE FROM parked_delivery WHERE id = $1").execute(Tuple.of(parkedId))))
                .await().atMost(TIMEOUT);
    }

    /** Oldest first, after the cursor (the last id of the previous page). */
    public List<Letter> page(String subscriptionId, long afterId, int limit) {
        List<Letter> letters = new ArrayList<>();
        db.preparedQuery("SELECT * FROM dead_letter WHERE subscription_id = $1 AND id > $2 ORDER BY id LIMIT $3")
                .execute(Tuple.of(subscriptionId, afterId, limit)).await().atMost(TIMEOUT)
                .forEach(r -> letters.add(letter(r)));
        return letters;
    }

    public Optional<Letter> find(String subscriptionId, String eventId) {
        var rows = db.preparedQuery("SELECT * FROM dead_letter WHERE subscription_id = $1 AND event_id = $2")
                .execute(Tuple.of(subscriptionId, eventId)).await().atMost(TIMEOUT);
        return rows.iterator().hasNext() ? Optional.of(letter(rows.iterator().next())) : Optional.empty();
    }

    public void delete(long id) {
        db.preparedQuery("DELETE FROM dead_letter WHERE id = $1").execute(Tuple.of(id)).await().atMost(TIMEOUT);
    }

    private static Letter letter(Row r) {
        return new Letter(r.getLong("id"), r.getString("subscription_id"), r.getString("event_id"),
                r.getString("community"), r.getString("source"), r.getString("event_type"), r.getString("cause"),
                r.getString("reason"), r.getInteger("attempts"), r.getInteger("last_status"), r.getString("event"),
                instant(r, "received_at"), instant(r, "created_at"));
    }
}
