package org.metagov.community.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;

/** The stored audit trail ({@code audit_entry}). */
@ApplicationScoped
public class AuditRepository {

    /** What a page may be narrowed to; nulls are no filter. {@code kind} matches exactly or as a prefix ending in '.'. */
    public record Filter(String community, String kind, Instant since, Instant until) {
    }

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    /** Idempotent by id: an entry delivered again is ignored. */
    public Uni<Void> insert(AuditEntry e) {
        return pool.preparedQuery("INSERT INTO audit_entry (id, community, kind, subject, driver, at, trace_id, details) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.tuple().addString(e.id()).addString(e.community()).addString(e.kind())
                        .addString(e.subject()).addString(e.driver()).addOffsetDateTime(e.at().atOffset(ZoneOffset.UTC))
                        .addString(e.traceId())
                        .addString(EventJson.write(e.details() == null ? EventJson.MAPPER.createObjectNode() : e.details())))
                .replaceWithVoid();
    }

    /** Newest first; strictly after ({@code afterAt}, {@code afterId}) in that order when a cursor is given. */
    public Uni<List<AuditEntry>> page(Filter f, Instant afterAt, String afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_entry WHERE community = $1");
        Tuple args = Tuple.of(f.community());
        if (f.kind() != null) {
            args.addString(f.kind());
            if (f.kind().endsWith(".")) {
                sql.append(" AND starts_with(kind, $").append(args.size()).append(")");
            } else {
                sql.append(" AND kind = $").append(args.size());
            }
        }
        if (f.since() != null) {
            args.addOffsetDateTime(f.since().atOffset(ZoneOffset.UTC));
            sql.append(" AND at >= $").append(args.size());
        }
        if (f.until() != null) {
            args.addOffsetDateTime(f.until().atOffset(ZoneOffset.UTC));
            sql.append(" AND at < $").append(args.size());
        }
        if (afterId != null) {
            args.addOffsetDateTime(afterAt.atOffset(ZoneOffset.UTC)).addString(afterId);
            sql.append(" AND (at, id) < ($").append(args.size() - 1).append(", $").append(args.size()).append(")");
        }
        args.addInteger(limit);
        sql.append(" ORDER BY at DESC, id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<AuditEntry> page = new ArrayList<>();
            rows.forEach(r -> page.add(entry(r)));
            return page;
        });
    }

    /** Deletes entries older than {@code cutoff}; the count deleted. */
    public Uni<Integer> deleteBefore(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM audit_entry WHERE at < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    private static AuditEntry entry(Row r) {
        return new AuditEntry(r.getString("id"), r.getString("community"), r.getString("kind"), r.getString("subject"),
                r.getString("driver"), r.getOffsetDateTime("at").toInstant(), r.getString("trace_id"),
                EventJson.read(r.getString("details"), ObjectNode.class));
    }
}
