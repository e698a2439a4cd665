package org.metagov.testing;

import java.io.IOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Starts a real PostgreSQL for one test class; use with {@code @WithTestResource(PostgresTestResource.class)}. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = PostgresServer.start(FreePort.find(), null);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL", e);
        }
        int port = postgres.getPort();
        return Map.of(
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                // the server process is gone either way
            }
        }
    }
}
