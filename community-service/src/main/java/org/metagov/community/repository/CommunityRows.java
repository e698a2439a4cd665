package org.metagov.community.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The community listing in SQL: one row per community, without plugins (a page never loads their configs). */
@ApplicationScoped
public class CommunityRows {

    /** One listed community. */
    public record Listed(String slug, String readableName, String owner, Instant createdAt) {
    }

    private final Pool pool;

    public CommunityRows(Pool pool) {
        this.pool = pool;
    }

    /** Newest first, of {@code owner} (every owner when null), after ({@code afterCreatedAt}, {@code afterSlug}). */
    public Uni<List<Listed>> page(String owner, Instant afterCreatedAt, String afterSlug, int limit) {
        StringBuilder sql = new StringBuilder("SELECT slug, readable_name, owner, created_at FROM community WHERE true");
        Tuple args = Tuple.tuple();
        if (owner != null) {
            args.addString(owner);
            sql.append(" AND owner = $").append(args.size());
        }
        if (afterSlug != null) {
            args.addOffsetDateTime(afterCreatedAt.atOffset(ZoneOffset.UTC)).addString(afterSlug);
            sql.append(" AND (created_at, slug) < ($").append(args.size() - 1).append(", $").append(args.size())
                    .append(")");
        }
        args.addInteger(limit);
        sql.append(" ORDER BY created_at DESC, slug DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<Listed> page = new ArrayList<>();
            rows.forEach(r -> page.add(new Listed(r.getString("slug"), r.getString("readable_name"),
                    r.getString("owner"), r.getOffsetDateTime("created_at").toInstant())));
            return page;
        });
    }
}
