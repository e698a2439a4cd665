package org.metagov.runner.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.runner.messaging.DriverEventPublisher;
import org.metagov.runner.messaging.EventIds;
import org.metagov.sdk.Initiator;

/**
 * One hook handed to one plugin instance, given to the plugin (through its context) for that hook alone: the n-th
 * event the receiver sends gets the n-th id derived from hook and instance, so a hook handled again yields the same
 * ids; the send is not waited for, its ack is collected by the hook's {@link Batch}.
 */
public final class HookScope {

    private final String cause;
    private final Batch batch;
    private int sent;

    private HookScope(String cause, Batch batch) {
        this.cause = cause;
        this.batch = batch;
    }

    synchronized void send(String community, String communityPlatformId, String source, String eventType,
            JsonNode data, Initiator initiator) {
        batch.collect(batch.events.send(EventIds.derived(cause, sent++), community, communityPlatformId, source,
                eventType, data, initiator));
    }

    /**
     * The driver events of one batch of hooks (one poll): sent at once, and {@link #awaitAcks} waits for all their
     * acks, before the batch is committed.
     */
    static final class Batch {
        /** Sends in flight before the batch waits: the emitter's own buffer is small. */
        private static final int MAX_IN_FLIGHT = 256;

        private final DriverEventPublisher events;
        private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();

        Batch(DriverEventPublisher events) {
            this.events = events;
        }

        HookScope scope(String hookId, String instanceId) {
            return new HookScope(hookId + "/" + instanceId, this);
        }

        private synchronized void collect(CompletableFuture<Void> send) {
            inFlight.add(send);
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                awaitAcks();
            }
        }

        /** Throws {@link DriverEventPublisher.NotPublished} if Kafka did not take every event. */
        synchronized void awaitAcks() {
            DriverEventPublisher.awaitAll(inFlight);
            inFlight.clear();
        }
    }
}
