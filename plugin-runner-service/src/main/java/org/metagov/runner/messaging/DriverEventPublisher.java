package org.metagov.runner.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.observability.TracedRecords;
import org.metagov.sdk.Initiator;

/**
 * Puts plugin events on driver-events, keyed by community so the dispatcher keeps their order. {@link #publish}
 * waits for Kafka's ack; {@link #send} does not, for callers that wait for many acks at once ({@link #awaitAll}).
 * The idempotent producer keeps the send order per partition either way.
 */
@ApplicationScoped
public class DriverEventPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<Record<String, String>> emitter;

    public DriverEventPublisher(@Channel("driver-events-out") MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Sends with a random id and waits for Kafka's ack; plugin code calls this from a plugin thread. */
    public void publish(String community, String communityPlatformId, String source, String eventType, JsonNode data,
            Initiator initiator) {
        awaitAll(List.of(send(EventIds.random(), community, communityPlatformId, source, eventType, data, initiator)));
    }

    /**
     * Sends the event with the given id; the future completes on Kafka's ack. {@code communityPlatformId} is the
     * emitting instance's (null: the event leaves the field out).
     */
    public CompletableFuture<Void> send(String id, String community, String communityPlatformId, String source,
            String eventType, JsonNode data, Initiator initiator) {
        Instant now = Instant.now();
        String nanos = Integer.toString(now.getNano());
        String timestamp = now.getEpochSecond() + "." + "000000000".substring(nanos.length()) + nanos;
        DriverEvent event = new DriverEvent(id, community, source, eventType, timestamp,
                data, initiator == null ? null : EventJson.MAPPER.valueToTree(initiator), communityPlatformId);
        try {
            // in the trace of the hook or action that caused it, whichever thread sends it
            return emitter.sendMessage(TracedRecords.inCurrentTrace(Record.of(community, EventJson.write(event))))
                    .subscribeAsCompletionStage();
        } catch (RuntimeException e) {
            throw new NotPublished(e);
        }
    }

    /** Waits until Kafka acknowledged every send; throws {@link NotPublished} if any was not. */
    public static void awaitAll(List<CompletableFuture<Void>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new NotPublished(e.getCause());
        } catch (TimeoutException e) {
            throw new NotPublished(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
