package org.metagov.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Down while a consumer's partition waits on a transient failure (the database or the broker is unwell). */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final RecordFailurePolicy policy;

    public ConsumerReadiness(RecordFailurePolicy policy) {
        this.policy = policy;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka-consumers")
                .status(policy.retrying().isEmpty());
        policy.retrying().forEach(response::withData);
        return response.build();
    }
}
