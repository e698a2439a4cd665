package org.metagov.process.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.EventJson;
import org.metagov.events.process.ProcessUpdate;
import org.metagov.messaging.RecordFailurePolicy;
import org.metagov.process.service.UpdateApplier;

/**
 * Consumes process-updates (keyed by process id, so one process's updates arrive in order) in one consumer group
 * shared by the replicas, under the shared failure policy: an unreadable record goes to the dead-letter topic; a
 * database failure is retried without limit rather than skipped, because a lost completion would never reach the
 * driver. Applying is idempotent (versions).
 */
@ApplicationScoped
public class ProcessUpdateConsumer {

    private final UpdateApplier applier;
    private final RecordFailurePolicy policy;

    public ProcessUpdateConsumer(UpdateApplier applier, RecordFailurePolicy policy) {
        this.applier = applier;
        this.policy = policy;
    }

    @Incoming("process-updates")
    public Uni<Void> onUpdate(ConsumerRecord<String, String> record) {
        return policy.handleAsync(record,
                () -> applier.apply(EventJson.read(record.value(), ProcessUpdate.class)));
    }
}
