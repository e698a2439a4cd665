package org.metagov.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.metagov.gateway.messaging.CommunityDirectory;
import org.metagov.gateway.messaging.DriverDirectory;
import org.metagov.gateway.messaging.PluginCatalog;
import org.metagov.gateway.messaging.RepliesAssignment;

/** Ready once requests can be validated (catalog loaded) and their replies can be received. */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    private final PluginCatalog catalog;
    private final CommunityDirectory communities;
    private final RepliesAssignment replies;
    private final DriverDirectory drivers;

    public GatewayReadiness(PluginCatalog catalog, CommunityDirectory communities,
            @io.smallrye.common.annotation.Identifier("action-replies-listener") RepliesAssignment replies,
            DriverDirectory drivers) {
        this.catalog = catalog;
        this.communities = communities;
        this.replies = replies;
        this.drivers = drivers;
    }

    @Override
    public HealthCheckResponse call() {
        // the caches replayed to the end: a hook must not be refused for a community not read yet, nor a driver's
        // token for an account not read yet (nor a revoked one taken)
        boolean catalogLoaded = !catalog.all().isEmpty() && catalog.caughtUp();
        return HealthCheckResponse.named("gateway")
                .status(catalogLoaded && communities.caughtUp() && drivers.caughtUp() && replies.isAssigned())
                .withData("communities-caught-up", communities.caughtUp())
                .withData("drivers-caught-up", drivers.caughtUp())
                .withData("unreadable-records", catalog.unreadableCount() + communities.unreadableCount()
                        + drivers.unreadableCount())
                .withData("plugins", catalog.all().size())
                .withData("action-replies-assigned", replies.isAssigned())
                .build();
    }
}
