package org.metagov.dispatcher.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The deliveries of lanes whose receiver failed, in Kafka order per lane. Blocking calls: the dispatcher's delivery
 * threads are its own, never an event loop.
 */
@ApplicationScoped
public class ParkedDeliveries {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    public record Parked(long id, String subscriptionId, String community, int partition, long offset, String eventId,
            String event, Instant receivedAt, int attempts, Instant firstAttemptAt, Instant nextAttemptAt) {
    }

    /** A lane: (subscription, community). */
    public record Lane(String subscriptionId, String community) {
    }

    private final Pool db;

    public ParkedDeliveries(Pool db) {
        this.db = db;
    }

    /** Parks a delivery behind the lane's others; one already parked (same subscription and event) stays as it is. */
    public void park(String subscriptionId, String community, int partition, long offset, String eventId, String event,
            Instant receivedAt, int attempts, Instant firstAttemptAt, Instant nextAttemptAt) {
        db.preparedQuery("INSERT INTO parked_delivery (subscription_id, community, kafka_partition, kafka_offset, "
                + "event_id, event, received_at, attempts, first_attempt_at, next_attempt_at) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (subscription_id, event_id) DO NOTHING")
                .execute(Tuple.from(new Object[] {subscriptionId, community, partition, offset, eventId, event,
                        utc(receivedAt), attempts, utc(firstAttemptAt), utc(nextAttemptAt)}))
                .await().atMost(TIMEOUT);
    }

    /** The lane's oldest parked delivery, or null when the lane has none. */
    public Parked head(String subscriptionId, String community) {
        var rows = db.preparedQuery("SELECT * FROM parked_delivery WHERE subscription_id = $1 AND community = $2 "
                + "ORDER BY id LIMIT 1").execute(Tuple.of(subscriptionId, community)).await().atMost(TIMEOUT);
        return rows.iterator().hasNext() ? parked(rows.iterator().next()) : null;
    }

    public void delete(long id) {
        db.preparedQuery("DELETE FROM parked_delivery WHERE id = $1").execute(Tuple.of(id)).await().atMost(TIMEOUT);
    }

    public void retryLater(long id, int attempts, Instant firstAttemptAt, Instant nextAttemptAt) {
        db.preparedQuery("UPDATE parked_delivery SET attempts = $2, first_attempt_at = $3, next_attempt_at = $4 "
                + "WHERE id = $1").execute(Tuple.of(id, attempts, utc(firstAttemptAt), utc(nextAttemptAt)))
                .await().atMost(TIMEOUT);
    }

    /** The lanes with parked deliveries among these partitions' records: a new owner of the partitions drains them. */
    public List<Lane> lanes(Collection<Integer> partitions) {
        List<Lane> lanes = new ArrayList<>();
        if (partitions.isEmpty()) {
            return lanes;
        }
        db.preparedQuery("SELECT DISTINCT subscription_id, community FROM parked_delivery "
                + "WHERE kafka_partition = ANY($1)")
                .execute(Tuple.of(partitions.toArray(Integer[]::new))).await().atMost(TIMEOUT)
                .forEach(r -> lanes.add(new Lane(r.getString("subscription_id"), r.getString("community"))));
        return lanes;
    }

    public long count() {
        return db.query("SELECT count(*) FROM parked_delivery").execute().await().atMost(TIMEOUT)
                .iterator().next().getLong(0);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime value = r.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static Parked parked(Row r) {
        return new Parked(r.getLong("id"), r.getString("subscription_id"), r.getString("community"),
                r.getInteger("kafka_partition"), r.getLong("kafka_offset"), r.getString("event_id"),
                r.getString("event"), instant(r, "received_at"), r.getInteger("attempts"),
                instant(r, "first_attempt_at"), instant(r, "next_attempt_at"));
    }
}
