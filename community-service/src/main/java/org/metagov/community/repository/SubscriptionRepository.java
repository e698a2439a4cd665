package org.metagov.community.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import org.metagov.events.EventJson;
import org.metagov.events.Topics;

/**
 * Subscriptions in PostgreSQL, always of one driver (every query names it, so another driver's id reads as none),
 * and their records in the subscription outbox (same connection, same transaction).
 */
@ApplicationScoped
public class SubscriptionRepository {

    private static final String COLUMNS = "id, driver_id, url, communities, event_types, secret, previous_secret, "
            + "previous_secret_until, version, created_at, updated_at";

    private final Pool pool;

    public SubscriptionRepository(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    public Uni<Optional<SubscriptionRow>> find(SqlClient client, String driver, String id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE id = $1 AND driver_id = $2")
                .execute(Tuple.of(id, driver)).map(SubscriptionRepository::first);
    }

    public Uni<Optional<SubscriptionRow>> find(String driver, String id) {
        return find(pool, driver, id);
    }

    /**
     * Locks the driver's subscriptions for the count of the limit: two creates of one driver at once cannot both
     * pass it (an advisory lock per driver, released with the transaction).
     */
    public Uni<Long> countLocked(SqlConnection connection, String driver) {
        return connection.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended('subscription:' || $1, 0))")
                .execute(Tuple.of(driver))
                .chain(() -> connection.preparedQuery("SELECT count(*) AS n FROM subscription WHERE driver_id = $1")
                        .execute(Tuple.of(driver)))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<SubscriptionRow> insert(SqlConnection connection, String id, String driver, String url,
            List<String> communities, List<String> eventTypes, String sealedSecret) {
        return connection.preparedQuery("INSERT INTO subscription (id, driver_id, url, communities, event_types, "
                + "secret) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS)
                .execute(Tuple.from(List.of(id, driver, url, json(communities), json(eventTypes), sealedSecret)))
                .map(rows -> row(rows.iterator().next()));
    }

    /**
     * Changes what is given (null: kept). A new secret moves the current one to {@code previous_secret}, valid
     * until {@code previousUntil}.
     */
    public Uni<Optional<SubscriptionRow>> update(SqlConnection connection, String driver, String id, String url,
            List<String> communities, List<String> eventTypes, String sealedSecret, Instant previousUntil) {
        boolean rotate = sealedSecret != null;
        Tuple args = Tuple.tuple().addString(id).addString(driver).addString(url)
                .addString(communities == null ? null : json(communities))
                .addString(eventTypes == null ? null : json(eventTypes)).addString(sealedSecret)
                .addValue(rotate ? previousUntil.atOffset(ZoneOffset.UTC) : null);
        return connection.preparedQuery("UPDATE subscription SET url = COALESCE($3, url), "
                + "communities = COALESCE($4, communities), event_types = COALESCE($5, event_types), "
                + "previous_secret = CASE WHEN $6::text IS NULL THEN previous_secret ELSE secret END, "
                + "previous_secret_until = CASE WHEN $6::text IS NULL THEN previous_secret_until ELSE $7 END, "
                + "secret = COALESCE($6, secret), version = version + 1, updated_at = now() "
                + "WHERE id = $1 AND driver_id = $2 RETURNING " + COLUMNS)
                .execute(args).map(SubscriptionRepository::first);
    }

    public Uni<Boolean> delete(SqlConnection connection, String driver, String id) {
        return connection.preparedQuery("DELETE FROM subscription WHERE id = $1 AND driver_id = $2")
                .execute(Tuple.of(id, driver)).map(rows -> rows.rowCount() > 0);
    }

    /** The driver's, newest first; after ({@code createdAt}, {@code id}) when a cursor is given. */
    public Uni<List<SubscriptionRow>> page(String driver, Instant afterCreatedAt, String afterId, int limit) {
        Uni<RowSet<Row>> rows = afterId == null
                ? pool.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE driver_id = $1 "
                        + "ORDER BY created_at DESC, id DESC LIMIT $2").execute(Tuple.of(driver, limit))
                : pool.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE driver_id = $1 "
                        + "AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT $4")
                        .execute(Tuple.of(driver, afterCreatedAt.atOffset(ZoneOffset.UTC), afterId, limit));
        return rows.map(set -> {
            List<SubscriptionRow> page = new ArrayList<>();
            set.forEach(r -> page.add(row(r)));
            return page;
        });
    }

    /** The record for the subscriptions topic; a null payload is the tombstone of a deleted subscription. */
    public Uni<Void> publish(SqlConnection connection, String id, String payload) {
        return connection.preparedQuery("INSERT INTO subscription_outbox (topic, record_key, payload) "
                + "VALUES ($1, $2, $3)").execute(Tuple.of(Topics.SUBSCRIPTIONS, id, payload)).replaceWithVoid();
    }

    private static Optional<SubscriptionRow> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next()));
    }

    private static SubscriptionRow row(Row row) {
        var until = row.getOffsetDateTime("previous_secret_until");
        return new SubscriptionRow(row.getString("id"), row.getString("driver_id"), row.getString("url"),
                list(row, "communities"), list(row, "event_types"), row.getString("secret"),
                row.getString("previous_secret"), until == null ? null : until.toInstant(), row.getLong("version"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }

    private static List<String> list(Row row, String column) {
        try {
            return EventJson.MAPPER.readValue(row.getString(column), new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable " + column + " of subscription " + row.getString("id"), e);
        }
    }

    private static String json(List<String> values) {
        return EventJson.write(values);
    }
}
