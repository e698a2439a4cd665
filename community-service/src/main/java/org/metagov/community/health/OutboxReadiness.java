package org.metagov.community.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.metagov.community.messaging.CommunityOutbox;

/**
 * Not ready while a community's record sits in the outbox's dead-letter table: its later changes are held, so the
 * runner and gateway would act on an old state. An operator inspects {@code outbox_dead_letter} and deletes the row
 * (the held changes then go out).
 */
@Readiness
@ApplicationScoped
public class OutboxReadiness implements AsyncHealthCheck {

    private final CommunityOutbox outbox;

    public OutboxReadiness(CommunityOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return outbox.relay().deadLetterCount().ifNoItem().after(Duration.ofSeconds(2)).fail()
                .map(count -> HealthCheckResponse.named("outbox").status(count == 0)
                        .withData("dead-letters", count).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("outbox").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
