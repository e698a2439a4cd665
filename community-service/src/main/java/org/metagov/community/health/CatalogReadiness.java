package org.metagov.community.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.metagov.community.messaging.PluginCatalog;

/** Plugin configs cannot be validated before the catalog arrived: not ready until then. */
@Readiness
@ApplicationScoped
public class CatalogReadiness implements HealthCheck {

    private final PluginCatalog catalog;

    public CatalogReadiness(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("plugin-catalog").status(catalog.caughtUp() && !catalog.isEmpty())
                .withData("unreadable-records", catalog.unreadableCount()).build();
    }
}
