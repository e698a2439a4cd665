package org.metagov.metastore.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.metagov.metastore.config.MetastoreConfig;

/** Ready only while the data directory accepts writes: a full or read-only disk fails every update. */
@Readiness
@ApplicationScoped
public class DataDirReadiness implements HealthCheck {

    private final Path dataDir;

    public DataDirReadiness(MetastoreConfig config) {
        this.dataDir = config.dataDir();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("data-directory").withData("path", dataDir.toAbsolutePath().toString());
        try {
            Files.createDirectories(dataDir);
            Path probe = Files.createTempFile(dataDir, ".ready-", ".probe");
            Files.writeString(probe, "ok");
            Files.delete(probe);
            return response.up().build();
        } catch (IOException | RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
