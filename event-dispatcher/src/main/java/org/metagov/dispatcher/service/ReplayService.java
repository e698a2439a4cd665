package org.metagov.dispatcher.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import org.metagov.dispatcher.messaging.ReplayReader;
import org.metagov.dispatcher.repository.Replays;
import org.metagov.dispatcher.subscription.Subscription;
import org.metagov.dispatcher.subscription.Subscriptions;
import org.metagov.events.DriverEvent;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;
import org.metagov.web.CallerContext;

/**
 * Re-delivers a subscription's events still in Kafka from a time, with their original webhook-ids, one at a time
 * with the full retry schedule; what gives up becomes a dead letter. Outside the order guarantee: a replay runs
 * beside live delivery, and the receiver de-duplicates by webhook-id.
 */
@ApplicationScoped
public class ReplayService {

    private final Subscriptions subscriptions;
    private final Replays replays;
    private final ReplayReader reader;
    private final EventDelivery delivery;
    private final GiveUps giveUps;
    private final DeliveryWorkers workers;
    private final CallerContext caller;

    public ReplayService(Subscriptions subscriptions, Replays replays, ReplayReader reader, EventDelivery delivery,
            GiveUps giveUps, DeliveryWorkers workers, CallerContext caller) {
        this.caller = caller;
        this.subscriptions = subscriptions;
        this.replays = replays;
        this.reader = reader;
        this.delivery = delivery;
        this.giveUps = giveUps;
        this.workers = workers;
    }

    /** @param from an ISO-8601 time with offset, not in the future */
    public Replays.Replay start(String subscriptionId, String from) {
        Subscription subscription = subscription(subscriptionId);
        Instant start = time(from);
        Replays.Replay replay = replays.create(subscription.id(), start);
        workers.execute(() -> run(subscription, replay));
        return replay;
    }

    public Replays.Replay find(String subscriptionId, String replayId) {
        subscription(subscriptionId);
        UUID id;
        try {
            id = UUID.fromString(replayId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("No replay " + replayId + " of subscription " + subscriptionId);
        }
        return replays.find(subscriptionId, id).orElseThrow(
                () -> ApiException.notFound("No replay " + replayId + " of subscription " + subscriptionId));
    }

    /** The caller's own subscription (an administrator's: any); another driver's is unknown to it. */
    Subscription subscription(String id) {
        Caller who = caller.caller();
        return subscriptions.byId(id).filter(s -> who.admin() || s.driver().equals(who.driverId()))
                .orElseThrow(() -> ApiException.notFound("No subscription " + id));
    }

    private static Instant time(String from) {
        if (from == null || from.isBlank()) {
            throw ApiException.badRequest("'from' is required: the ISO-8601 time to replay from");
        }
        Instant start;
        try {
            start = OffsetDateTime.parse(from.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'from' must be an ISO-8601 time with an offset, such as "
                    + "2026-01-31T12:00:00Z; got '" + from + "'");
        }
        if (start.isAfter(Instant.now())) {
            throw ApiException.badRequest("'from' is in the future: there is nothing to replay yet");
        }
        return start;
    }

    private void run(Subscription subscription, Replays.Replay replay) {
        AtomicInteger matched = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger deadLettered = new AtomicInteger();
        try {
            reader.read(replay.from(), record -> {
                DriverEvent event = EventRecords.read(record.value(), record.key());
                if (event == null || !subscriptions.receives(subscription, event)) {
                    return;
                }
                matched.incrementAndGet();
                String webhookId = event.id() == null || event.id().isBlank() ? null : event.id();
                if (webhookId == null) {
                    return; // producers always set one; live delivery derived the id from a position we lack here
                }
                Delivery d = new Delivery(subscription, webhookId, event, record.value(), record.partition(),
                        record.offset(), Instant.ofEpochMilli(record.timestamp()));
                try {
                    EventDelivery.Result result = delivery.deliver(subscription, webhookId, event, d.receivedAt(),
                            ReplayService::sleep);
                    if (result.status() == EventDelivery.Status.DELIVERED) {
                        delivered.incrementAndGet();
                    } else if (result.status() == EventDelivery.Status.DEAD_LETTER) {
                        giveUps.record(d, result.deadLetter(), null);
                        deadLettered.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
                if (matched.get() % 50 == 0) {
                    replays.progress(replay.id(), matched.get(), delivered.get(), deadLettered.get());
                }
            });
            replays.progress(replay.id(), matched.get(), delivered.get(), deadLettered.get());
            replays.end(replay.id(), Replays.FINISHED, null);
            Log.infof("Replay %s of subscription %s from %s: %d events, %d delivered, %d dead-lettered",
                    replay.id(), subscription.id(), replay.from(), matched.get(), delivered.get(), deadLettered.get());
        } catch (RuntimeException e) {
            Log.errorf(e, "Replay %s of subscription %s failed", replay.id(), subscription.id());
            replays.progress(replay.id(), matched.get(), delivered.get(), deadLettered.get());
            replays.end(replay.id(), Replays.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static boolean sleep(java.time.Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
