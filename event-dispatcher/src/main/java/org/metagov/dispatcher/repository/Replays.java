package org.metagov.dispatcher.repository;

import static org.metagov.dispatcher.repository.ParkedDeliveries.TIMEOUT;
import static org.metagov.dispatcher.repository.ParkedDeliveries.instant;
import static org.metagov.dispatcher.repository.ParkedDeliveries.utc;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Replays and their progress. */
@ApplicationScoped
public class Replays {

    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";

    public record Replay(UUID id, String subscriptionId, Instant from, String state, int matched, int delivered,
            int deadLettered, String error, Instant startedAt, Instant finishedAt) {
    }

    private final Pool db;

    public Replays(Pool db) {
        this.db = db;
    }

    public Replay create(String subscriptionId, Instant from) {
        return replay(db.preparedQuery("INSERT INTO replay (id, subscription_id, from_time, state) "
                + "VALUES ($1, $2, $3, $4) RETURNING *")
                .execute(Tuple.of(UUID.randomUUID(), subscriptionId, utc(from), RUNNING)).await().atMost(TIMEOUT)
                .iterator().next());
    }

    public void progress(UUID id, int matched, int delivered, int deadLettered) {
        db.preparedQuery("UPDATE replay SET matched = $2, delivered = $3, dead_lettered = $4 WHERE id = $1")
                .execute(Tuple.of(id, matched, delivered, deadLettered)).await().atMost(TIMEOUT);
    }

    public void end(UUID id, String state, String error) {
        db.preparedQuery("UPDATE replay SET state = $2, error = $3, finished_at = now() WHERE id = $1")
                .execute(Tuple.of(id, state, error)).await().atMost(TIMEOUT);
    }


    public Optional<Replay> find(String subscriptionId, UUID id) {
        var rows = db.preparedQuery("SELECT * FROM replay WHERE id = $1 AND subscription_id = $2")
                .execute(Tuple.of(id, subscriptionId)).await().atMost(TIMEOUT);
        return rows.iterator().hasNext() ? Optional.of(replay(rows.iterator().next())) : Optional.empty();
    }

    private static Replay replay(Row r) {
        return new Replay(r.getUUID("id"), r.getString("subscription_id"), instant(r, "from_time"),
                r.getString("state"), r.getInteger("matched"), r.getInteger("delivered"),
                r.getInteger("dead_lettered"), r.getString("error"), instant(r, "started_at"),
                instant(r, "finished_at"));
    }
}
