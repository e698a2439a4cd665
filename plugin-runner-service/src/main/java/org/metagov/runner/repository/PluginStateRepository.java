package org.metagov.runner.repository;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import org.metagov.events.EventJson;

/**
 * Plugin instances and their state in PostgreSQL. Plugin code is blocking and runs on worker threads, so these
 * methods wait for the reactive client; they must never be called on an event-loop thread.
 */
@ApplicationScoped
public class PluginStateRepository {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pool pool;

    public PluginStateRepository(Pool pool) {
        this.pool = pool;
    }

    /** True when this call recorded the instance, i.e. when the caller must run initialize(). */
    public boolean claimInstance(String id, String community, String plugin) {
        RowSet<Row> rows = pool.preparedQuery("INSERT INTO plugin_instance (id, community_slug, plugin_name) "
                + "VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(id, community, plugin)).await().atMost(TIMEOUT);
        return rows.rowCount() == 1;
    }

    /** Drops the instance and all its state; idempotent, as every runner replica may call it. */
    public void dropInstance(String id) {
        pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM plugin_state WHERE instance_id = $1")
                .execute(Tuple.of(id))
                .flatMap(x -> conn.preparedQuery("DELETE FROM plugin_instance WHERE id = $1").execute(Tuple.of(id))))
                .await().atMost(TIMEOUT);
    }

    public JsonNode get(String instanceId, String key) {
        RowSet<Row> rows = pool.preparedQuery("SELECT value FROM plugin_state WHERE instance_id = $1 AND key = $2")
                .execute(Tuple.of(instanceId, key)).await().atMost(TIMEOUT);
        for (Row row : rows) {
            return EventJson.read(row.getString("value"), JsonNode.class);
        }
        return null;
    }

    public void set(String instanceId, String key, Object value) {
        pool.preparedQuery("INSERT INTO plugin_state (instance_id, key, value) VALUES ($1, $2, $3) "
                + "ON CONFLICT (instance_id, key) DO UPDATE SET value = EXCLUDED.value")
                .execute(Tuple.of(instanceId, key, EventJson.write(value))).await().atMost(TIMEOUT);
    }
}
