package org.metagov.runner.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

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

    /**
     * The instance's row as a claim found it: {@code created} when this call recorded it (the caller must run
     * initialize()); otherwise the config and version stored, and whether it was disabled meanwhile.
     */
    public record Claim(boolean created, JsonNode storedConfig, long appliedVersion, boolean disabled) {
    }

    private final Pool pool;

    public PluginStateRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records the instance unless it is known; {@code enabledAt} is when community-service enabled it. */
    public Claim claim(String id, String community, String plugin, JsonNode config, long version,
            Instant enabledAt) {
        RowSet<Row> rows = pool.preparedQuery("INSERT INTO plugin_instance (id, community_slug, plugin_name, config, "
                + "applied_version, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(id, community, plugin, EventJson.write(config), version,
                        enabledAt.atOffset(ZoneOffset.UTC)))
                .await().atMost(TIMEOUT);
        if (rows.rowCount() == 1) {
            return new Claim(true, config, version, false);
        }
        for (Row row : pool.preparedQuery("SELECT config, applied_version, disabled_at FROM plugin_instance "
                + "WHERE id = $1").execute(Tuple.of(id)).await().atMost(TIMEOUT)) {
            String stored = row.getString("config");
            return new Claim(false, stored == null ? NullNode.getInstance() : EventJson.read(stored, JsonNode.class),
                    row.getLong("applied_version"), row.getValue("disabled_at") != null);
        }
        return new Claim(false, NullNode.getInstance(), 0, true); // torn down and gone
    }

    /**
     * Records {@code config} as the instance's, from a communities record of {@code version}; present (the config
     * it had, NullNode for a row older than the column) when this call made the change, so exactly one replica tells
     * the plugin. An older record re-read, or a second replica, changes nothing and gets empty.
     */
    public Optional<JsonNode> recordConfig(String id, JsonNode config, long version) {
        RowSet<Row> rows = pool.preparedQuery("WITH old AS (SELECT id, config FROM plugin_instance WHERE id = $1 "
                + "FOR UPDATE) UPDATE plugin_instance p SET config = $2, applied_version = $3 FROM old "
                + "WHERE p.id = old.id AND p.applied_version < $3 AND p.disabled_at IS NULL RETURNING old.config")
                .execute(Tuple.of(id, EventJson.write(config), version)).await().atMost(TIMEOUT);
        for (Row row : rows) {
            String old = row.getString("config");
            return Optional.of(old == null ? NullNode.getInstance() : EventJson.read(old, JsonNode.class));
        }
        return Optional.empty();
    }

    /** Drops every state row of the instance (a reset by config change, or after teardown). */
    public void dropState(String id) {
        pool.preparedQuery("DELETE FROM plugin_state WHERE instance_id = $1").execute(Tuple.of(id))
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
