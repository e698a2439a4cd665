package org.metagov.runner.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.sdk.Initiator;

/**
 * Puts plugin events on driver-events, keyed by community so the dispatcher keeps their order. Outside a
 * {@link #deferAcks deferred} scope each event waits for Kafka's ack; inside one (a batch of hooks) the events are
 * sent at once and the scope waits for all their acks at its end, before the hooks are committed. The idempotent
 * producer keeps the send order per partition either way.
 */
@ApplicationScoped
public class DriverEventPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    /** Sends in flight per scope before it waits: the emitter's own buffer is small. */
    private static final int MAX_IN_FLIGHT = 256;
    private static final ThreadLocal<List<CompletableFuture<Void>>> DEFERRED = new ThreadLocal<>();

    private final MutinyEmitter<Record<String, String>> emitter;

    public DriverEventPublisher(@Channel("driver-events-out") MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Plugin code calls this from a plugin thread: it blocks unless inside {@link #deferAcks}. */
    public void publish(String community, String source, String eventType, JsonNode data, Initiator initiator) {
        Instant now = Instant.now();
        String nanos = Integer.toString(now.getNano());
        String timestamp = now.getEpochSecond() + "." + "000000000".substring(nanos.length()) + nanos;
        DriverEvent event = new DriverEvent(EventIds.next(), community, source, eventType, timestamp,
                data, initiator == null ? null : EventJson.MAPPER.valueToTree(initiator));
        Uni<Void> sent;
        try {
            sent = emitter.send(Record.of(community, EventJson.write(event)));
        } catch (RuntimeException e) {
            throw new NotPublished(e);
        }
        List<CompletableFuture<Void>> deferred = DEFERRED.get();
        if (deferred == null) {
            awaitAll(List.of(sent.subscribeAsCompletionStage()));
            return;
        }
        deferred.add(sent.subscribeAsCompletionStage());
        if (deferred.size() >= MAX_IN_FLIGHT) {
            awaitAll(deferred);
            deferred.clear();
        }
    }

    /**
     * Runs {@code work} with every event it publishes sent without waiting, then waits until Kafka acknowledged all
     * of them; throws {@link NotPublished} if any was not.
     */
    public void deferAcks(Runnable work) {
        List<CompletableFuture<Void>> previous = DEFERRED.get();
        List<CompletableFuture<Void>> deferred = new ArrayList<>();
        DEFERRED.set(deferred);
        try {
            work.run();
        } finally {
            DEFERRED.set(previous);
        }
        awaitAll(deferred);
    }

    private static void awaitAll(List<CompletableFuture<Void>> sends) {
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
