package org.metagov.dispatcher.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.metagov.dispatcher.messaging.DeadLetterPublisher;
import org.metagov.dispatcher.repository.DeadLetters;
import org.metagov.events.Topics;

/**
 * A delivery that gave up: a dead letter in the dispatcher's database (what the API lists and retries), and the
 * original record on driver-events.dlq for operators, as before subscriptions.
 */
@ApplicationScoped
public class GiveUps {

    private final DeadLetters letters;
    private final DeadLetterPublisher topic;
    private final DeliveryMetrics metrics;

    public GiveUps(DeadLetters letters, DeadLetterPublisher topic, DeliveryMetrics metrics) {
        this.letters = letters;
        this.topic = topic;
        this.metrics = metrics;
    }

    /** @param parkedId the parked row it leaves in the same transaction, or null */
    public void record(Delivery delivery, DeadLetter letter, Long parkedId) {
        letters.record(new DeadLetters.Letter(0, delivery.subscription().id(), delivery.webhookId(),
                delivery.community(), delivery.event().source(), delivery.event().eventType(), letter.cause(),
                letter.reason(), letter.attempts(), letter.lastResponse() == null ? null : letter.lastResponse().status(),
                delivery.record(), delivery.receivedAt(), null), parkedId);
        metrics.deadLettered(delivery.event().source(), letter.cause());
        Log.warnf("Event %s of community %s for subscription %s dead-lettered to %s: %s", delivery.webhookId(),
                delivery.community(), delivery.subscription().id(), Topics.DRIVER_EVENTS_DLQ, letter.reason());
        if (delivery.partition() < 0) {
            return; // a dead letter retried: its record is on the DLQ already
        }
        try {
            topic.publish(new ConsumerRecord<>(Topics.DRIVER_EVENTS, delivery.partition(), delivery.offset(),
                    delivery.community(), delivery.record()), delivery.webhookId(), letter);
        } catch (Exception e) {
            // the database holds the dead letter; the topic is a copy for operators
            Log.warnf("Dead letter %s not copied to %s: %s", delivery.webhookId(), Topics.DRIVER_EVENTS_DLQ,
                    e.getMessage());
        }
    }
}
