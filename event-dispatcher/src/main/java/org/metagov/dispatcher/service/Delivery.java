package org.metagov.dispatcher.service;

import java.time.Instant;

import org.metagov.dispatcher.subscription.Subscription;
import org.metagov.events.DriverEvent;

/**
 * One event for one subscription, with where it came from in Kafka.
 *
 * @param record the Kafka record's value as it was written: what the DLQ and the parked row keep
 * @param receivedAt the record's Kafka timestamp
 * @param traceparent the trace the event was sent in (its record's header), or null: the POST continues it
 */
public record Delivery(Subscription subscription, String webhookId, DriverEvent event, String record, int partition,
        long offset, Instant receivedAt, String traceparent) {

    public Delivery(Subscription subscription, String webhookId, DriverEvent event, String record, int partition,
            long offset, Instant receivedAt) {
        this(subscription, webhookId, event, record, partition, offset, receivedAt, null);
    }

    public String community() {
        return event.community();
    }
}
