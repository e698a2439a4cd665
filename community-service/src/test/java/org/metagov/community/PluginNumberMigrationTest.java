package org.metagov.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An upgrade from a database with plugin instances: V4 gives each a random integer id and keeps its UUID (the
 * key the runner knows it by), so no instance is re-initialised.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class PluginNumberMigrationTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Test
    void existingInstancesGetRandomUniqueIntegerIdsAndKeepTheirUuids() throws Exception {
        String upgraded = url.substring(0, url.lastIndexOf('/') + 1) + "upgrade_v3";
        try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS upgrade_v3");
            s.execute("CREATE DATABASE upgrade_v3");
        }
        Flyway.configure().dataSource(upgraded, "postgres", "postgres").target("3").load().migrate();
        try (Connection db = DriverManager.getConnection(upgraded, "postgres", "postgres");
                Statement s = db.createStatement()) {
            s.execute("INSERT INTO community VALUES ('old', '', 1, now(), now())");
            for (int i = 0; i < 20; i++) {
                s.execute("INSERT INTO plugin_instance VALUES ('00000000-0000-4000-8000-0000000000" + (10 + i)
                        + "', 'old', 'plugin-" + i + "', '{}', now())");
            }
        }

        Flyway.configure().dataSource(upgraded, "postgres", "postgres").load().migrate();

        Set<Long> numbers = new HashSet<>();
        try (Connection db = DriverManager.getConnection(upgraded, "postgres", "postgres");
                Statement s = db.createStatement();
                ResultSet rows = s.executeQuery("SELECT id, public_id, community_platform_id FROM plugin_instance")) {
            int count = 0;
            while (rows.next()) {
                count++;
                assertTrue(rows.getString("id").startsWith("00000000-0000-4000-8000-"), "the UUID is kept");
                long number = rows.getLong("public_id");
                assertTrue(number > 0 && number < (1L << 53), "in range: " + number);
                numbers.add(number);
                assertEquals(null, rows.getString("community_platform_id"));
            }
            assertEquals(20, count);
        }
        assertEquals(20, numbers.size(), "unique: " + numbers);
        assertTrue(numbers.stream().anyMatch(n -> n > (1L << 32)), "random, not counted: " + numbers);
    }
}
