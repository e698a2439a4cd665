package org.metagov.dispatcher.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.metagov.dispatcher.service.DeadLetter;

/**
 * Writes given-up events to driver-events.dlq through the shared {@link org.metagov.messaging.DeadLetterPublisher}
 * (original value and headers, {@code dead-letter-*} headers, the original key in {@code dead-letter-key}), adding
 * what a delivery knows: the cause, the event's webhook-id and the receiver's last status (never its body).
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private final org.metagov.messaging.DeadLetterPublisher deadLetters;

    public DeadLetterPublisher(org.metagov.messaging.DeadLetterPublisher deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Returns once the broker acknowledged: only then may the source record's offset be committed. */
    public void publish(ConsumerRecord<String, String> source, String webhookId, DeadLetter letter)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, String> extra = new HashMap<>();
        extra.put("dead-letter-cause", letter.cause());
        extra.put("webhook-id", webhookId);
        if (letter.lastResponse() != null) {
            extra.put("dead-letter-response-status", Integer.toString(letter.lastResponse().status()));
        }
        deadLetters.publish(source, letter.reason(), letter.attempts(), extra);
    }
}
