package org.metagov.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.metagov.gateway.messaging.PluginCatalog;
import org.metagov.gateway.messaging.RepliesAssignment;

/** Ready once requests can be validated (catalog loaded) and their replies can be received. */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    private final PluginCatalog catalog;
    private final RepliesAssignment replies;

    public GatewayReadiness(PluginCatalog catalog,
            @io.smallrye.common.annotation.Identifier("action-replies-listener") RepliesAssignment replies) {
        this.catalog = catalog;
        this.replies = replies;
    }

    @Override
    public HealthCheckResponse call() {
        boolean catalogLoaded = !catalog.all().isEmpty();
        return HealthCheckResponse.named("gateway")
                .status(catalogLoaded && replies.isAssigned())
                .withData("plugins", catalog.all().size())
                .withData("action-replies-assigned", replies.isAssigned())
                .build();
    }
}
