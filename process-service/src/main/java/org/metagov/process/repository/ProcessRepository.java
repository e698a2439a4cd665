package org.metagov.process.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import org.metagov.events.EventJson;
import org.metagov.observability.Traceparent;
import org.metagov.events.process.ProcessCommand;
import org.metagov.events.process.ProcessUpdate.CommandResult;
import org.metagov.sdk.process.ProcessStatus;

/** SQL for process rows, the command outbox and processed ids; callers pass the connection of their transaction. */
@ApplicationScoped
public class ProcessRepository {

    public Uni<Void> insert(SqlClient db, String id, String community, String plugin, String name, String callbackUrl,
            Long updateIntervalMs, String communityPlatformId, String driver) {
        return db.preparedQuery("INSERT INTO process (id, community_slug, plugin_name, process_name, status, "
                + "callback_url, update_interval_ms, community_platform_id, driver) "
                + "VALUES ($1, $2, $3, $4, 'created', $5, $6, $7, $8)")
                .execute(Tuple.tuple().addString(id).addString(community).addString(plugin).addString(name)
                        .addString(callbackUrl).addLong(updateIntervalMs).addString(communityPlatformId)
                        .addString(driver))
                .replaceWithVoid();
    }

    public Uni<ProcessRecord> find(SqlClient db, String id) {
        return one(db, "SELECT * FROM process WHERE id = $1", id);
    }

    public Uni<ProcessRecord> lock(SqlClient db, String id) {
        return one(db, "SELECT * FROM process WHERE id = $1 FOR UPDATE", id);
    }

    private Uni<ProcessRecord> one(SqlClient db, String sql, String id) {
        return db.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
            for (Row r : rows) {
                return record(r);
            }
            return null;
        });
    }

    /**
     * Stores what an update says, with the next update time the caller worked out (null: none). An update that
     * answers the update command in flight clears the in-flight mark, so the next one may be sent.
     */
    public Uni<Void> applyUpdate(SqlClient db, ProcessRecord after, boolean clearsUpdateInFlight) {
        return db.preparedQuery("UPDATE process SET status = $2, outcome = $3, errors = $4, runner_version = $5, "
                + "next_update_at = $6, "
                + "update_due_answer = CASE WHEN $7 OR $8 THEN NULL ELSE update_due_answer END, "
                + "completed_at = CASE WHEN $8 THEN now() ELSE NULL END, url = $9, updated_at = now() "
                + "WHERE id = $1")
                .execute(Tuple.tuple().addString(after.id()).addString(after.status().value())
                        .addString(EventJson.write(after.outcome())).addString(EventJson.write(after.errors()))
                        .addLong(after.runnerVersion()).addOffsetDateTime(utc(after.nextUpdateAt()))
                        .addBoolean(clearsUpdateInFlight).addBoolean(after.completed()).addString(after.url()))
                .replaceWithVoid();
    }

    public Uni<Integer> nextCloseSeq(SqlClient db, String id) {
        return db.preparedQuery("UPDATE process SET close_seq = close_seq + 1 WHERE id = $1 RETURNING close_seq")
                .execute(Tuple.of(id)).map(rows -> rows.iterator().next().getInteger("close_seq"));
    }

    /**
     * Claims up to {@code limit} due pending processes (SKIP LOCKED: replicas share the work, never a process),
     * moves each one's next update an interval on, with 10 % jitter so they stay spread, and marks the update
     * unanswered. Returns the update commands to send.
     */
    public Uni<List<ProcessCommand>> claimDueUpdates(SqlClient db, int limit, long answerTimeoutMs) {
        return db.preparedQuery("WITH due AS (SELECT id FROM process WHERE status = 'pending' "
                + "AND next_update_at <= now() AND (update_due_answer IS NULL OR update_due_answer < now()) "
                + "ORDER BY next_update_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
                + "UPDATE process p SET update_seq = p.update_seq + 1, "
                + "update_due_answer = now() + $2 * interval '1 millisecond', "
                + "next_update_at = now() + p.update_interval_ms * (0.9 + random() * 0.2) * interval '1 millisecond' "
                + "FROM due WHERE p.id = due.id "
                + "RETURNING p.id, p.community_slug, p.plugin_name, p.process_name, p.update_seq")
                .execute(Tuple.of(limit, answerTimeoutMs)).map(rows -> {
                    List<ProcessCommand> commands = new ArrayList<>();
                    Instant now = Instant.now();
                    for (Row r : rows) {
                        String id = r.getString("id");
                        commands.add(new ProcessCommand(updateCommandId(id, r.getLong("update_seq")),
                                ProcessCommand.Type.UPDATE, id, r.getString("community_slug"),
                                r.getString("plugin_name"), r.getString("process_name"), null, null, now));
                    }
                    return commands;
                });
    }

    public Uni<Void> enqueue(SqlClient db, List<ProcessCommand> commands) {
        return enqueue(db, commands, Traceparent.current());
    }

    /** @param traceparent the trace of the request that sent the commands: read it before any database step */
    public Uni<Void> enqueue(SqlClient db, List<ProcessCommand> commands, String traceparent) {
        if (commands.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = commands.stream().map(c -> Tuple.of(c.processId(), EventJson.write(c), traceparent))
                .toList();
        return db.preparedQuery("INSERT INTO command_outbox (record_key, payload, traceparent) VALUES ($1, $2, $3)")
                .executeBatch(rows).replaceWithVoid();
    }

    /** True when this call recorded {@code id}; false when it was processed before. */
    public Uni<Boolean> markProcessed(SqlClient db, String id) {
        return db.preparedQuery("INSERT INTO processed_record (id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** As {@link #markProcessed(SqlClient, String)}, keeping how the answered command went beside the id. */
    public Uni<Boolean> markAnswered(SqlClient db, String id, CommandResult result) {
        return db.preparedQuery("INSERT INTO processed_record (id, command_result) VALUES ($1, $2) "
                + "ON CONFLICT DO NOTHING")
                .execute(Tuple.of(id, result == null ? null : result.name())).map(rows -> rows.rowCount() == 1);
    }

    /** How an answered command went; empty when it is not answered or its runner did not say. */
    public Uni<Optional<CommandResult>> commandResult(SqlClient db, String id) {
        return db.preparedQuery("SELECT command_result FROM processed_record WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    for (Row r : rows) {
                        String result = r.getString("command_result");
                        return result == null ? Optional.<CommandResult>empty()
                                : Optional.of(CommandResult.valueOf(result));
                    }
                    return Optional.<CommandResult>empty();
                });
    }

    public Uni<Boolean> isProcessed(SqlClient db, String id) {
        return db.preparedQuery("SELECT 1 FROM processed_record WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() > 0);
    }

    /** Forgets answered-command markers and finished callback rows older than {@code retentionMillis}. */
    public Uni<Integer> purge(SqlClient db, long retentionMillis) {
        return db.preparedQuery("DELETE FROM processed_record WHERE processed_at < now() - $1 * interval '1 millisecond'")
                .execute(Tuple.of(retentionMillis))
                .flatMap(a -> db.preparedQuery("DELETE FROM callback_delivery WHERE (delivered_at IS NOT NULL OR "
                        + "failed_at IS NOT NULL) AND created_at < now() - $1 * interval '1 millisecond'")
                        .execute(Tuple.of(retentionMillis)).map(b -> a.rowCount() + b.rowCount()));
    }

    private static ProcessRecord record(Row r) {
        OffsetDateTime next = r.getOffsetDateTime("next_update_at");
        return new ProcessRecord(r.getString("id"), r.getString("community_slug"), r.getString("plugin_name"),
                r.getString("process_name"), ProcessStatus.of(r.getString("status")), json(r.getString("outcome")),
                json(r.getString("errors")), r.getString("url"), r.getString("callback_url"), r.getLong("runner_version"),
                r.getLong("update_interval_ms"), next == null ? null : next.toInstant(), r.getLong("update_seq"),
                r.getInteger("close_seq"), r.getString("community_platform_id"), r.getString("driver"));
    }

    /** SQL NULL and JSON null both read as a JSON null node, so comparisons of outcomes are plain equals. */
    private static JsonNode json(String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        JsonNode node = EventJson.read(text, JsonNode.class);
        return node == null ? NullNode.getInstance() : node;
    }

    public static String updateCommandId(String processId, long seq) {
        return processId + ":update:" + seq;
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
