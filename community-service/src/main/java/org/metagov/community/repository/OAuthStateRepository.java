package org.metagov.community.repository;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The nonces of OAuth states already used at a callback (V10), kept until they expire. */
@ApplicationScoped
public class OAuthStateRepository {

    private final Pool pool;

    public OAuthStateRepository(Pool pool) {
        this.pool = pool;
    }

    /** True the first time a nonce is used; false for a replay. Drops expired nonces on the way. */
    public Uni<Boolean> use(String nonce, Instant expiresAt) {
        return pool.withTransaction(conn -> conn.query("DELETE FROM oauth_state_used WHERE expires_at < now()")
                .execute()
                .flatMap(ignored -> conn.preparedQuery("INSERT INTO oauth_state_used (nonce, expires_at) "
                        + "VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING")
                        .execute(Tuple.of(nonce, expiresAt.atOffset(ZoneOffset.UTC))))
                .map(rows -> rows.rowCount() == 1));
    }
}
