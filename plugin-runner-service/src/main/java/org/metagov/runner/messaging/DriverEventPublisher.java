package org.metagov.runner.messaging;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.sdk.Initiator;

/** Puts plugin events on driver-events, keyed by community so the dispatcher keeps their order. */
@ApplicationScoped
public class DriverEventPublisher {

    private final MutinyEmitter<Record<String, String>> emitter;

    public DriverEventPublisher(@Channel("driver-events-out") MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Blocks until Kafka acknowledged the event: plugin code calls this from a plugin thread. */
    public void publish(String community, String source, String eventType, JsonNode data, Initiator initiator) {
        Instant now = Instant.now();
        String timestamp = now.getEpochSecond() + "." + String.format("%09d", now.getNano());
        DriverEvent event = new DriverEvent(EventIds.next(), community, source, eventType, timestamp,
                data, initiator == null ? null : EventJson.MAPPER.valueToTree(initiator));
        try {
            emitter.send(Record.of(community, EventJson.write(event))).await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw new NotPublished(e);
        }
    }

    /** Kafka did not take the event: the hook that caused it must not be acknowledged as handled. */
    public static final class NotPublished extends RuntimeException {
        NotPublished(Throwable cause) {
            super("Driver event not published: " + cause.getMessage(), cause);
        }
    }
}
