package org.metagov.community.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.community.service.AuditTrail;
import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;
import org.metagov.events.KafkaFailures.InvalidRecord;
import org.metagov.messaging.RecordFailurePolicy;

/**
 * Stores every service's audit entries (one consumer group shared by the replicas). Idempotent by the entry's id, so
 * an entry sent twice (a relay that crashed before deleting its row) is stored once; an unreadable one is
 * dead-lettered.
 */
@ApplicationScoped
public class AuditConsumer {

    private final AuditTrail trail;
    private final RecordFailurePolicy policy;

    public AuditConsumer(AuditTrail trail, RecordFailurePolicy policy) {
        this.trail = trail;
        this.policy = policy;
    }

    @Incoming("audit")
    public Uni<Void> onEntry(ConsumerRecord<String, String> record) {
        return policy.handleAsync(record, () -> {
            AuditEntry entry = EventJson.read(record.value(), AuditEntry.class);
            if (entry == null || entry.id() == null || entry.kind() == null || entry.at() == null) {
                throw new InvalidRecord("An audit entry needs id, kind and at");
            }
            return trail.store(entry);
        });
    }
}
