package org.metagov.runner.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.metagov.runner.consumer.CommunitiesCatchUp;

/** Not ready until every community on the topic at start has been applied: until then hooks and actions wait. */
@Readiness
@ApplicationScoped
public class CommunitiesReadiness implements HealthCheck {

    private final CommunitiesCatchUp catchUp;

    public CommunitiesReadiness(CommunitiesCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("communities").status(catchUp.caughtUp());
        catchUp.progress().forEach(response::withData);
        return response.build();
    }
}
