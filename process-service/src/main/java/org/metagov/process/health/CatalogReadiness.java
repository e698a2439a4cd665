package org.metagov.process.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.metagov.process.messaging.CommunityDirectory;
import org.metagov.process.messaging.ProcessCatalog;

/** Processes cannot be validated before the plugin catalog and the communities are read: not ready until then. */
@Readiness
@ApplicationScoped
public class CatalogReadiness implements HealthCheck {

    private final ProcessCatalog catalog;
    private final CommunityDirectory communities;

    public CatalogReadiness(ProcessCatalog catalog, CommunityDirectory communities) {
        this.catalog = catalog;
        this.communities = communities;
    }

    @Override
    public HealthCheckResponse call() {
        // both caches replayed to the end: a process start must not be refused for a community not read yet
        return HealthCheckResponse.named("plugin-catalog")
                .status(!catalog.isEmpty() && catalog.caughtUp() && communities.caughtUp())
                .withData("plugins", catalog.values().size())
                .withData("communities-caught-up", communities.caughtUp())
                .withData("unreadable-records", catalog.unreadableCount() + communities.unreadableCount())
                .build();
    }
}
