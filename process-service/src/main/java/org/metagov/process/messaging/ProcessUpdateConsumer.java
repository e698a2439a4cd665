package org.metagov.process.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.EventJson;
import org.metagov.events.process.ProcessUpdate;
import org.metagov.process.service.UpdateApplier;

/**
 * Consumes process-updates (keyed by process id, so one process's updates arrive in order) in one consumer group
 * shared by the replicas. An unreadable record is dropped; a database failure is retried with backoff rather than
 * skipped, because a lost completion would never reach the driver. Applying is idempotent (versions).
 */
@ApplicationScoped
public class ProcessUpdateConsumer {

    private final UpdateApplier applier;

    public ProcessUpdateConsumer(UpdateApplier applier) {
        this.applier = applier;
    }

    @Incoming("process-updates")
    public Uni<Void> onUpdate(ConsumerRecord<String, String> record) {
        ProcessUpdate update;
        try {
            update = EventJson.read(record.value(), ProcessUpdate.class);
        } catch (RuntimeException e) {
            Log.errorf("Dropping an unreadable process update at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return applier.apply(update)
                .onFailure().invoke(e -> Log.warnf("Applying update %s of process %s failed (%s); retrying",
                        update.id(), update.processId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
