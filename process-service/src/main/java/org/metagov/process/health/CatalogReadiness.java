package org.metagov.process.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.metagov.process.messaging.ProcessCatalog;

/** Processes cannot be validated before the plugin catalog arrived: not ready until then. */
@Readiness
@ApplicationScoped
public class CatalogReadiness implements HealthCheck {

    private final ProcessCatalog catalog;

    public CatalogReadiness(ProcessCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("plugin-catalog").status(!catalog.isEmpty()).build();
    }
}
