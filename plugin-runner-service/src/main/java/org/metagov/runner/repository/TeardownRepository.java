package org.metagov.runner.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import org.metagov.events.EventJson;

/**
 * The teardown of disabled instances in PostgreSQL: which are due, each try counted when it is claimed (so a try
 * that crashed the runner counts too), and the end (processes closed, state dropped, config forgotten) in one
 * transaction. Blocking, like the other repositories: worker threads only.
 */
@ApplicationScoped
public class TeardownRepository {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A disabled instance whose {@code onDisable()} is due, with the try this claim is ({@code attempt}, from 1). */
    public record DueTeardown(String id, String community, String plugin, JsonNode config, int attempt,
            Instant disabledAt, String reason) {
    }

    private final Pool pool;
    private final ProcessStore processes;

    public TeardownRepository(Pool pool, ProcessStore processes) {
        this.pool = pool;
        this.processes = processes;
    }

    /**
     * Disables the community's instances that are not in {@code kept} and were enabled before {@code asOf} (the time
     * of the record that leaves them out: an older record re-read at start disables nothing newer). Idempotent.
     */
    public int disableMissing(String community, Collection<String> kept, Instant asOf, String reason) {
        return pool.preparedQuery("UPDATE plugin_instance SET disabled_at = now(), disabled_reason = $4, "
                + "teardown_not_before = now() WHERE community_slug = $1 AND disabled_at IS NULL "
                + "AND NOT (id = ANY($2)) AND created_at <= $3")
                .execute(Tuple.of(community, kept.toArray(String[]::new), asOf.atOffset(ZoneOffset.UTC), reason))
                .await().atMost(TIMEOUT).rowCount();
    }

    /**
     * Claims one due teardown for {@code lease}: its try is counted and no replica claims it again before the lease
     * ends (a runner that crashed mid-try leaves it to be claimed again then).
     */
    public Optional<DueTeardown> claimDue(Duration lease) {
        for (Row r : pool.preparedQuery("UPDATE plugin_instance SET teardown_attempts = teardown_attempts + 1, "
                + "teardown_not_before = now() + make_interval(secs => $1) WHERE id = (SELECT id FROM plugin_instance "
                + "WHERE disabled_at IS NOT NULL AND torn_down_at IS NULL AND teardown_not_before <= now() "
                + "ORDER BY teardown_not_before LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, community_slug, "
                + "plugin_name, config, teardown_attempts, disabled_at, disabled_reason")
                .execute(Tuple.of((double) lease.toMillis() / 1000)).await().atMost(TIMEOUT)) {
            String config = r.getString("config");
            return Optional.of(new DueTeardown(r.getString("id"), r.getString("community_slug"),
                    r.getString("plugin_name"),
                    config == null ? NullNode.getInstance() : EventJson.read(config, JsonNode.class),
                    r.getInteger("teardown_attempts"), r.getOffsetDateTime("disabled_at").toInstant(),
                    r.getString("disabled_reason")));
        }
        return Optional.empty();
    }

    /** A failed try: the next one not before {@code delay}. */
    public void retryLater(String id, Duration delay) {
        pool.preparedQuery("UPDATE plugin_instance SET teardown_not_before = now() + make_interval(secs => $2) "
                + "WHERE id = $1").execute(Tuple.of(id, (double) delay.toMillis() / 1000)).await().atMost(TIMEOUT);
    }

    /**
     * Ends the teardown in one transaction: the instance's pending processes (started before it was disabled) are
     * completed with {@code errors.disabled}, its state dropped, its config forgotten, and it is marked torn down
     * with {@code outcome} ({@code completed} or {@code given_up}) so it never runs again. The number of processes
     * closed (their updates are in the outbox).
     */
    public int finish(DueTeardown teardown, String outcome) {
        return processes.inTransaction(conn -> {
            OffsetDateTime disabledAt = teardown.disabledAt().atOffset(ZoneOffset.UTC);
            int closed = processes.closeOpen(conn, teardown.id(), teardown.community(), teardown.plugin(), disabledAt,
                    "The plugin instance was disabled (" + teardown.reason() + ")");
            conn.preparedQuery("DELETE FROM plugin_state WHERE instance_id = $1").execute(Tuple.of(teardown.id()))
                    .await().atMost(TIMEOUT);
            conn.preparedQuery("UPDATE plugin_instance SET torn_down_at = now(), teardown_outcome = $2, config = NULL "
                    + "WHERE id = $1").execute(Tuple.of(teardown.id(), outcome)).await().atMost(TIMEOUT);
            return closed;
        });
    }

    /** Whether the instance was torn down (or never known here): a process of it can no longer run. */
    public boolean tornDown(String id) {
        for (Row r : pool.preparedQuery("SELECT torn_down_at FROM plugin_instance WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(TIMEOUT)) {
            return r.getValue("torn_down_at") != null;
        }
        return true;
    }
}
