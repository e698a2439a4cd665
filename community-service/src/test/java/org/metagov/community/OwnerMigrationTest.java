package org.metagov.community;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** An upgrade from a database without owners: V6 gives every stored community to the driver local. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class OwnerMigrationTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Test
    void existingCommunitiesBelongToLocalAndNewOnesMustNameTheirOwner() throws Exception {
        String upgraded = url.substring(0, url.lastIndexOf('/') + 1) + "upgrade_v5";
        try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS upgrade_v5");
            s.execute("CREATE DATABASE upgrade_v5");
        }
        Flyway.configure().dataSource(upgraded, "postgres", "postgres").target("5").load().migrate();
        try (Connection db = DriverManager.getConnection(upgraded, "postgres", "postgres");
                Statement s = db.createStatement()) {
            s.execute("INSERT INTO community (slug, readable_name, version, created_at, updated_at) "
                    + "VALUES ('before-owners', '', 1, now(), now())");
        }

        Flyway.configure().dataSource(upgraded, "postgres", "postgres").load().migrate();

        try (Connection db = DriverManager.getConnection(upgraded, "postgres", "postgres");
                Statement s = db.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT owner FROM community WHERE slug = 'before-owners'")) {
                rows.next();
                assertEquals("local", rows.getString("owner"));
            }
            assertThrows(SQLException.class, () -> s.execute("INSERT INTO community (slug, readable_name, version, "
                    + "created_at, updated_at) VALUES ('no-owner', '', 1, now(), now())"));
        }
    }
}
