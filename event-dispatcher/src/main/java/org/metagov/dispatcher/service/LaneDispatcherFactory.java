package org.metagov.dispatcher.service;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.dispatcher.repository.ParkedDeliveries;
import org.metagov.dispatcher.subscription.Subscriptions;

/** Gives each consumer thread its own {@link LaneDispatcher}. */
@ApplicationScoped
public class LaneDispatcherFactory {

    private final EventDelivery delivery;
    private final RetryPolicy policy;
    private final ParkedDeliveries parked;
    private final GiveUps giveUps;
    private final DeliveryWorkers workers;
    private final Subscriptions subscriptions;
    private final DeliveryMetrics metrics;

    public LaneDispatcherFactory(EventDelivery delivery, RetryPolicy policy, ParkedDeliveries parked, GiveUps giveUps,
            DeliveryWorkers workers, Subscriptions subscriptions, DeliveryMetrics metrics) {
        this.delivery = delivery;
        this.policy = policy;
        this.parked = parked;
        this.giveUps = giveUps;
        this.workers = workers;
        this.subscriptions = subscriptions;
        this.metrics = metrics;
    }

    /** @param finished called, on a worker thread, for every delivery delivered, parked or dead-lettered */
    public LaneDispatcher create(Consumer<Delivery> finished) {
        return new LaneDispatcher(delivery, policy, parked, giveUps, workers, subscriptions, metrics, finished);
    }
}
