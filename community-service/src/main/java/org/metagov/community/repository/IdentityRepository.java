package org.metagov.community.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of identities and linked accounts, on the reactive pool. Methods taking a {@link SqlClient} run in the
 * caller's transaction ({@link #inTransaction}); the others on the pool.
 */
@ApplicationScoped
public class IdentityRepository {

    private static final String ACCOUNT_COLUMNS = "a.external_id, a.community_slug, a.platform_type, "
            + "a.community_platform_id, a.platform_identifier, a.custom_data, a.link_type, a.link_quality, i.primary_id";

    /** An identity with its community's owner (every identity has a community: the foreign key). */
    private static final String IDENTITY_COLUMNS = "external_id, community_slug, primary_id, "
            + "(SELECT c.owner FROM community c WHERE c.slug = community_slug) AS owner";

    private final Pool pool;

    public IdentityRepository(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> inTransaction(java.util.function.Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(work::apply);
    }

    public Uni<Boolean> communityExists(String slug) {
        return pool.preparedQuery("SELECT 1 FROM community WHERE slug = $1").execute(Tuple.of(slug))
                .map(rows -> rows.size() > 0);
    }

    /** The driver the community belongs to; empty when there is no such community. */
    public Uni<Optional<String>> communityOwner(String slug) {
        return pool.preparedQuery("SELECT owner FROM community WHERE slug = $1").execute(Tuple.of(slug))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("owner")));
    }

    /** Inserts the candidate ids as new primaries; returns those inserted (a taken id is skipped, not an error). */
    public Uni<List<Long>> insertIdentities(String community, List<Long> candidates) {
        return pool.preparedQuery("INSERT INTO identity (external_id, community_slug, primary_id) "
                + "SELECT id, $2, id FROM unnest($1::bigint[]) AS t(id) ON CONFLICT DO NOTHING RETURNING external_id")
                .execute(Tuple.of(candidates.toArray(Long[]::new), community))
                .map(rows -> {
                    List<Long> inserted = new ArrayList<>();
                    rows.forEach(r -> inserted.add(r.getLong(0)));
                    return inserted;
                });
    }

    public Uni<Optional<IdentityRow>> find(long externalId) {
        return find(pool, externalId, false);
    }

    /** In a transaction, {@code forUpdate} locks the row until it ends. */
    public Uni<Optional<IdentityRow>> find(SqlClient client, long externalId, boolean forUpdate) {
        return client.preparedQuery("SELECT " + IDENTITY_COLUMNS + " FROM identity "
                + "WHERE external_id = $1" + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(externalId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(identity(rows.iterator().next())));
    }

    public Uni<List<IdentityRow>> findAll(List<Long> externalIds) {
        return pool.preparedQuery("SELECT " + IDENTITY_COLUMNS + " FROM identity "
                + "WHERE external_id = ANY($1::bigint[])")
                .execute(Tuple.of(externalIds.toArray(Long[]::new)))
                .map(rows -> {
                    List<IdentityRow> found = new ArrayList<>();
                    rows.forEach(r -> found.add(identity(r)));
                    return found;
                });
    }

    /** Moves every id of the group of {@code fromPrimary} into the group of {@code toPrimary}. */
    public Uni<Integer> regroup(SqlClient client, long fromPrimary, long toPrimary) {
        return client.preparedQuery("UPDATE identity SET primary_id = $1 WHERE primary_id = $2")
                .execute(Tuple.of(toPrimary, fromPrimary)).map(RowSet::rowCount);
    }

    /** The primaries of the community, oldest first. */
    public Uni<List<Long>> primaries(String community) {
        return pool.preparedQuery("SELECT external_id FROM identity WHERE community_slug = $1 "
                + "AND primary_id = external_id ORDER BY created_at, external_id")
                .execute(Tuple.of(community)).map(IdentityRepository::longs);
    }

    /** The primaries of the groups holding an account of the community that matches every given filter. */
    public Uni<List<Long>> primariesMatching(String community, AccountFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT i.primary_id, min(a.id) AS first FROM linked_account a "
                + "JOIN identity i ON i.external_id = a.external_id WHERE a.community_slug = $1");
        Tuple args = Tuple.of(community);
        List<String> values = filter.values();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                args.addString(values.get(i));
                sql.append(" AND a.").append(AccountFilter.COLUMNS.get(i)).append(" = $").append(args.size());
            }
        }
        sql.append(" GROUP BY i.primary_id ORDER BY first");
        return pool.preparedQuery(sql.toString()).execute(args).map(IdentityRepository::longs);
    }

    /** Every account of the given merge groups, in the order they were linked. */
    public Uni<List<LinkedAccountRow>> accountsOfGroups(List<Long> primaries) {
        return pool.preparedQuery("SELECT " + ACCOUNT_COLUMNS + " FROM linked_account a "
                + "JOIN identity i ON i.external_id = a.external_id WHERE i.primary_id = ANY($1::bigint[]) ORDER BY a.id")
                .execute(Tuple.of(primaries.toArray(Long[]::new)))
                .map(rows -> {
                    List<LinkedAccountRow> accounts = new ArrayList<>();
                    rows.forEach(r -> accounts.add(account(r)));
                    return accounts;
                });
    }

    /** Links the account; empty when the community already has it linked (to this id or another). */
    public Uni<Optional<LinkedAccountRow>> insertAccount(LinkedAccountRow account) {
        return pool.preparedQuery("WITH inserted AS (INSERT INTO linked_account (external_id, community_slug, "
                + "platform_type, community_platform_id, platform_identifier, custom_data, link_type, link_quality) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING *) "
                + "SELECT " + ACCOUNT_COLUMNS + " FROM inserted a JOIN identity i ON i.external_id = a.external_id")
                .execute(Tuple.from(new Object[] {account.externalId(), account.community(), account.platformType(),
                        account.communityPlatformId(), account.platformIdentifier(), account.customData(),
                        account.linkType(), account.linkQuality()}))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(account(rows.iterator().next())));
    }

    /** The account as linked in the community, if it is. */
    public Uni<Optional<LinkedAccountRow>> findAccount(String community, String platformType,
            String platformIdentifier, String communityPlatformId) {
        return pool.preparedQuery("SELECT " + ACCOUNT_COLUMNS + " FROM linked_account a "
                + "JOIN identity i ON i.external_id = a.external_id WHERE a.community_slug = $1 "
                + "AND a.platform_type = $2 AND a.platform_identifier = $3 "
                + "AND a.community_platform_id IS NOT DISTINCT FROM $4")
                .execute(Tuple.of(community, platformType, platformIdentifier, communityPlatformId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(account(rows.iterator().next())));
    }

    /** Unlinks the account; the number of accounts removed (0 or 1). */
    public Uni<Integer> deleteAccount(String community, String platformType, String platformIdentifier,
            String communityPlatformId) {
        return pool.preparedQuery("DELETE FROM linked_account WHERE community_slug = $1 AND platform_type = $2 "
                + "AND platform_identifier = $3 AND community_platform_id IS NOT DISTINCT FROM $4")
                .execute(Tuple.of(community, platformType, platformIdentifier, communityPlatformId))
                .map(RowSet::rowCount);
    }

    private static List<Long> longs(RowSet<Row> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getLong(0)));
        return ids;
    }

    private static IdentityRow identity(Row r) {
        return new IdentityRow(r.getLong("external_id"), r.getString("community_slug"), r.getLong("primary_id"),
                r.getString("owner"));
    }

    private static LinkedAccountRow account(Row r) {
        return new LinkedAccountRow(r.getLong("external_id"), r.getString("community_slug"),
                r.getString("platform_type"), r.getString("community_platform_id"),
                r.getString("platform_identifier"), r.getString("custom_data"), r.getString("link_type"),
                r.getString("link_quality"), r.getLong("primary_id"));
    }
}
