package org.metagov.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL server (binaries from Maven) in a child process of this JVM. */
public final class PostgresServer {

    private PostgresServer() {
    }

    public static EmbeddedPostgres start(int port, Path dataDir) throws IOException {
        QuietLogs.thirdPartyAtWarn();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off");
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        return builder.start();
    }

    /** Creates a database owned by user postgres unless it exists. */
    public static void createDatabase(EmbeddedPostgres pg, String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE \"" + name + "\"");
        }
    }
}
