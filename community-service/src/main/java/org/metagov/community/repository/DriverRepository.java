package org.metagov.community.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import org.metagov.observability.Traceparent;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;

/** Driver accounts in PostgreSQL, and their records in the driver outbox (same connection, same transaction). */
@ApplicationScoped
public class DriverRepository {

    private static final String COLUMNS = "id, name, redirect_uris, generation, version, created_at, updated_at, callback_secret";

    private final Pool pool;

    public DriverRepository(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> inTransaction(java.util.function.Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    public Uni<Optional<DriverRow>> find(SqlClient client, String id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM driver WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    public Uni<Optional<DriverRow>> find(String id) {
        return find(pool, id);
    }

    public Uni<DriverRow> insert(SqlConnection connection, String id, String name, List<String> redirectUris,
            String sealedCallbackSecret) {
        return connection.preparedQuery("INSERT INTO driver (id, name, redirect_uris, callback_secret) "
                + "VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS)
                .execute(Tuple.of(id, name, json(redirectUris), sealedCallbackSecret))
                .map(rows -> row(rows.iterator().next()));
    }

    /** Replaces the driver's callback secret (sealed); the old one stops signing once process-service has it. */
    public Uni<Optional<DriverRow>> replaceCallbackSecret(SqlConnection connection, String id, String sealed) {
        return connection.preparedQuery("UPDATE driver SET callback_secret = $2, version = version + 1, "
                + "updated_at = now() WHERE id = $1 RETURNING " + COLUMNS).execute(Tuple.of(id, sealed))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    /** Changes name and redirect URIs (null: kept) and, with {@code newGeneration}, revokes earlier tokens. */
    public Uni<Optional<DriverRow>> update(SqlConnection connection, String id, String name, List<String> redirectUris,
            boolean newGeneration) {
        return connection.preparedQuery("UPDATE driver SET name = COALESCE($2, name), "
                + "redirect_uris = COALESCE($3, redirect_uris), generation = generation + $4, version = version + 1, "
                + "updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, name, redirectUris == null ? null : json(redirectUris), newGeneration ? 1 : 0))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    public Uni<Boolean> delete(SqlConnection connection, String id) {
        return connection.preparedQuery("DELETE FROM driver WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Newest first; after ({@code createdAt}, {@code id}) when a cursor is given. */
    public Uni<List<DriverRow>> page(Instant afterCreatedAt, String afterId, int limit) {
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows = afterId == null
                ? pool.preparedQuery("SELECT " + COLUMNS + " FROM driver ORDER BY created_at DESC, id DESC LIMIT $1")
                        .execute(Tuple.of(limit))
                : pool.preparedQuery("SELECT " + COLUMNS + " FROM driver WHERE (created_at, id) < ($1, $2) "
                        + "ORDER BY created_at DESC, id DESC LIMIT $3")
                        .execute(Tuple.of(afterCreatedAt.atOffset(ZoneOffset.UTC), afterId, limit));
        return rows.map(set -> {
            List<DriverRow> page = new ArrayList<>();
            set.forEach(r -> page.add(row(r)));
            return page;
        });
    }

    /** The record for the drivers topic; a null payload is the tombstone of a deleted driver. */
    public Uni<Void> publish(SqlConnection connection, String id, String payload) {
        return connection.preparedQuery("INSERT INTO driver_outbox (topic, record_key, payload, traceparent) "
                + "VALUES ($1, $2, $3, $4)").execute(Tuple.of(Topics.DRIVERS, id, payload, Traceparent.current())).replaceWithVoid();
    }

    private static DriverRow row(Row row) {
        try {
            List<String> uris = EventJson.MAPPER.readValue(row.getString("redirect_uris"), new TypeReference<>() {
            });
            return new DriverRow(row.getString("id"), row.getString("name"), uris, row.getLong("generation"),
                    row.getLong("version"), row.getOffsetDateTime("created_at").toInstant(),
                    row.getOffsetDateTime("updated_at").toInstant(), row.getString("callback_secret"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable redirect_uris of driver " + row.getString("id"), e);
        }
    }

    private static String json(List<String> values) {
        try {
            return EventJson.MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
