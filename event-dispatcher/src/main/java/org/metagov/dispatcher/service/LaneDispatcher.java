package org.metagov.dispatcher.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.quarkus.logging.Log;

import io.opentelemetry.context.Scope;

import org.metagov.observability.Traceparent;
import org.metagov.dispatcher.repository.ParkedDeliveries;
import org.metagov.dispatcher.subscription.Subscription;
import org.metagov.dispatcher.subscription.Subscriptions;
import org.metagov.events.DriverEvent;

/**
 * The lanes of one consumer thread: one per (subscription, community) with work, each delivering its events one at
 * a time, in Kafka order, on the shared {@link DeliveryWorkers}; lanes run side by side, so a slow receiver holds
 * only its own lanes.
 *
 * <p>A lane's first failed attempt parks the delivery in PostgreSQL ({@code parked_delivery}) and the lane with it:
 * its later events are parked behind, in order, as they arrive, and its drainer delivers them from the database on the
 * retry schedule. A parked delivery counts as finished for the offset commit, so a failing receiver holds no records
 * in memory beyond the one attempt in flight. When the drainer finds the lane empty it un-parks it (under the lane's
 * lock, so no event slips past the parked ones) and live delivery resumes.
 *
 * <p>{@code finished} is called (from a worker thread) for every delivery that was delivered, parked or
 * dead-lettered; a delivery of a revoked partition that had not started is dropped without it, for the partition's
 * next owner to read again.
 */
public final class LaneDispatcher {

    private final EventDelivery delivery;
    private final RetryPolicy policy;
    private final ParkedDeliveries parked;
    private final GiveUps giveUps;
    private final DeliveryWorkers workers;
    private final Subscriptions subscriptions;
    private final DeliveryMetrics metrics;
    private final Consumer<Delivery> finished;
    private final Map<ParkedDeliveries.Lane, Lane> lanes = new ConcurrentHashMap<>();

    public LaneDispatcher(EventDelivery delivery, RetryPolicy policy, ParkedDeliveries parked, GiveUps giveUps,
            DeliveryWorkers workers, Subscriptions subscriptions, DeliveryMetrics metrics, Consumer<Delivery> finished) {
        this.delivery = delivery;
        this.policy = policy;
        this.parked = parked;
        this.giveUps = giveUps;
        this.workers = workers;
        this.subscriptions = subscriptions;
        this.metrics = metrics;
        this.finished = finished;
    }

    private static final class Lane {
        final ParkedDeliveries.Lane key;
        final int partition;
        final ArrayDeque<Delivery> queue = new ArrayDeque<>();
        /** guarded by this: a worker is taking deliveries off the queue */
        boolean running;
        /** guarded by this: deliveries are in parked_delivery; new ones go behind them */
        boolean parked;
        /** workers attempting or parking a delivery of this lane (live and drainer) */
        final AtomicInteger busy = new AtomicInteger();
        volatile boolean revoked;

        Lane(ParkedDeliveries.Lane key, int partition) {
            this.key = key;
            this.partition = partition;
        }
    }

    /** Queues the delivery on its lane; returns at once. */
    public void submit(Delivery d) {
        Lane lane = lanes.computeIfAbsent(new ParkedDeliveries.Lane(d.subscription().id(), d.community()),
                key -> new Lane(key, d.partition()));
        synchronized (lane) {
            lane.queue.add(d);
            if (lane.running) {
                return;
            }
            lane.running = true;
        }
        workers.execute(() -> runLive(lane));
    }

    /** The partitions came to this thread: lanes left parked by their previous owner are drained from now on. */
    public void adopt(Collection<Integer> partitions) {
        for (ParkedDeliveries.Lane key : parked.lanes(partitions)) {
            ParkedDeliveries.Parked head = parked.head(key.subscriptionId(), key.community());
            if (head == null) {
                continue;
            }
            Lane lane = new Lane(key, head.partition());
            lane.parked = true;
            if (lanes.putIfAbsent(key, lane) == null) {
                workers.execute(() -> drain(lane));
            }
        }
    }

    /**
     * The partitions leave this thread: their lanes stop (queued deliveries are dropped unfinished) and this waits,
     * up to {@code patience}, for the attempts in flight, so the caller can commit what they finished.
     */
    public void revoke(Collection<Integer> partitions, Duration patience) {
        List<Lane> leaving = lanes.values().stream().filter(l -> partitions.contains(l.partition)).toList();
        leaving.forEach(lane -> {
            lane.revoked = true;
            lanes.remove(lane.key, lane);
        });
        long deadline = System.nanoTime() + patience.toNanos();
        while (leaving.stream().anyMatch(l -> l.busy.get() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Lanes currently known (with live work or parked deliveries). */
    public int lanes() {
        return lanes.size();
    }

    private void runLive(Lane lane) {
        while (true) {
            // counted busy before revoked is read: a revoke that sees no busy lane knows none will start
            lane.busy.incrementAndGet();
            try {
                Delivery next;
                synchronized (lane) {
                    next = lane.queue.peek();
                    if (next == null || lane.revoked) {
                        lane.queue.clear();
                        lane.running = false;
                        return;
                    }
                }
                try {
                    live(lane, next);
                    synchronized (lane) {
                        lane.queue.poll();
                    }
                } catch (RuntimeException e) {
                    // the database or the DLQ failed: the same delivery again, so nothing of the lane overtakes it
                    Log.errorf(e, "Delivery %s of subscription %s could not be finished; trying again in 1 s",
                            next.webhookId(), lane.key.subscriptionId());
                    Thread.sleep(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lane.busy.decrementAndGet();
            }
        }
    }

    private void live(Lane lane, Delivery d) throws InterruptedException {
        synchronized (lane) {
            if (lane.parked) {
                park(d, 0, null, Instant.now());
                finished.accept(d);
                return;
            }
        }
        Instant started = Instant.now();
        AttemptOutcome outcome;
        try (Scope trace = Traceparent.parent(d.traceparent()).makeCurrent()) {
            outcome = delivery.attempt(d.subscription(), d.webhookId(), d.event(), d.receivedAt());
        }
        if (outcome.verdict() == AttemptOutcome.Verdict.RETRY) {
            Optional<Duration> delay = policy.nextDelay(1, Duration.between(started, Instant.now()),
                    outcome.retryAfter());
            if (delay.isPresent()) {
                metrics.retried(d.event().source(), outcome.cause());
                synchronized (lane) {
                    park(d, 1, started, Instant.now().plus(delay.get()));
                    lane.parked = true;
                }
                Log.debugf("Event %s: %s; lane %s parked, next attempt in %d ms", d.webhookId(),
                        outcome.description(), lane.key, delay.get().toMillis());
                workers.schedule(() -> drain(lane), delay.get().toMillis());
                finished.accept(d);
                return;
            }
        }
        if (outcome.verdict() != AttemptOutcome.Verdict.DELIVERED) {
            giveUps.record(d, EventDelivery.deadLetter(outcome, 1, Duration.between(started, Instant.now())), null);
        }
        finished.accept(d);
    }

    private void park(Delivery d, int attempts, Instant firstAttempt, Instant next) {
        parked.park(d.subscription().id(), d.community(), d.partition(), d.offset(), d.webhookId(), d.record(),
                d.receivedAt(), attempts, firstAttempt, next);
    }

    /** Delivers the lane's parked deliveries, oldest first, until one must wait or none is left. */
    private void drain(Lane lane) {
        try {
            lane.busy.incrementAndGet();
            while (!lane.revoked) {
                ParkedDeliveries.Parked head = parked.head(lane.key.subscriptionId(), lane.key.community());
                if (head == null) {
                    synchronized (lane) {
                        if (parked.head(lane.key.subscriptionId(), lane.key.community()) == null) {
                            lane.parked = false;
                            return;
                        }
                    }
                    continue;
                }
                long wait = Duration.between(Instant.now(), head.nextAttemptAt()).toMillis();
                if (wait > 0) {
                    workers.schedule(() -> drain(lane), wait);
                    return;
                }
                Optional<Subscription> subscription = subscriptions.byId(head.subscriptionId());
                if (subscription.isEmpty()) {
                    // kept for when it comes back; a deleted subscription's rows go with it (subscriptions issue)
                    Log.warnf("Parked deliveries of unknown subscription %s wait", head.subscriptionId());
                    workers.schedule(() -> drain(lane), 60_000);
                    return;
                }
                if (!attemptParked(lane, subscription.get(), head)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Log.errorf(e, "Draining lane %s failed; trying again in 5 s", lane.key);
            workers.schedule(() -> drain(lane), 5_000);
        } finally {
            lane.busy.decrementAndGet();
        }
    }

    /** One attempt of the lane's head; true when the lane may go on with its next delivery now. */
    private boolean attemptParked(Lane lane, Subscription subscription, ParkedDeliveries.Parked head)
            throws InterruptedException {
        DriverEvent event = events(head);
        Delivery d = new Delivery(subscription, head.eventId(), event, head.event(), head.partition(), head.offset(),
                head.receivedAt());
        Instant first = head.firstAttemptAt() == null ? Instant.now() : head.firstAttemptAt();
        AttemptOutcome outcome = delivery.attempt(subscription, head.eventId(), event, head.receivedAt());
        int attempts = head.attempts() + 1;
        Duration elapsed = Duration.between(first, Instant.now());
        switch (outcome.verdict()) {
            case DELIVERED -> parked.delete(head.id());
            case GIVE_UP -> giveUps.record(d, EventDelivery.deadLetter(outcome, attempts, elapsed), head.id());
            case RETRY -> {
                Optional<Duration> delay = policy.nextDelay(attempts, elapsed, outcome.retryAfter());
                if (delay.isEmpty()) {
                    giveUps.record(d, EventDelivery.deadLetter(outcome, attempts, elapsed), head.id());
                    return true;
                }
                metrics.retried(event.source(), outcome.cause());
                parked.retryLater(head.id(), attempts, first, Instant.now().plus(delay.get()));
                workers.schedule(() -> drain(lane), delay.get().toMillis());
                return false;
            }
        }
        return true;
    }

    private static DriverEvent events(ParkedDeliveries.Parked head) {
        return EventRecords.read(head.event(), head.community());
    }
}
