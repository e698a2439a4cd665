package org.metagov.dispatcher.messaging;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;

import org.metagov.dispatcher.client.ReceiverUrls;
import org.metagov.dispatcher.config.DispatcherConfig;
import org.metagov.dispatcher.service.DeliveryMetrics;
import org.metagov.dispatcher.service.LaneDispatcherFactory;
import org.metagov.dispatcher.subscription.Subscription;
import org.metagov.dispatcher.subscription.Subscriptions;

/**
 * The consumer threads of this replica, one {@link DriverEventConsumer} each, sharing the partitions with the other
 * replicas; within a thread, every (subscription, community) lane delivers on its own.
 */
@ApplicationScoped
public class DriverEventConsumers {

    private final DispatcherConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Subscriptions subscriptions;
    private final LaneDispatcherFactory lanes;
    private final DeadLetterPublisher deadLetters;
    private final DeliveryMetrics metrics;
    private final List<DriverEventConsumer> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean started;
    private volatile Subscriptions active;

    public DriverEventConsumers(DispatcherConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Subscriptions subscriptions,
            LaneDispatcherFactory lanes, DeadLetterPublisher deadLetters, DeliveryMetrics metrics) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.subscriptions = subscriptions;
        this.lanes = lanes;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** Starts consuming and delivering to the subscriptions; until then events wait in Kafka. */
    public void start() {
        start(subscriptions);
    }

    /** As {@link #start()}, with these subscriptions (tests: what a start with another configuration does). */
    public synchronized void start(Subscriptions subscriptions) {
        if (started) {
            throw new IllegalStateException("Already delivering");
        }
        if (config.consumers() < 1) {
            throw new IllegalArgumentException("dispatcher.consumers must be at least 1 to deliver anything");
        }
        started = true;
        active = subscriptions;
        consumers.clear();
        threads.clear();
        for (int i = 0; i < config.consumers(); i++) {
            String clientId = config.groupId() + "-" + i;
            DriverEventConsumer consumer = new DriverEventConsumer(kafkaConfig, config, clientId, subscriptions,
                    lanes, deadLetters, metrics);
            Thread thread = new Thread(consumer, clientId);
            consumers.add(consumer);
            threads.add(thread);
            thread.start();
        }
        Log.infof("Delivering driver events to %s with %d consumer threads", subscriptions.all().stream()
                .map(s -> s.id() + " " + ReceiverUrls.redacted(s.url())).toList(), consumers.size());
    }

    /** The receiver of local-default (DRIVER_EVENT_RECEIVER_URL) while delivering; empty while events stay in Kafka. */
    public Optional<URI> receiver() {
        Subscriptions current = active;
        return started ? current.all().stream().findFirst().map(Subscription::url) : Optional.empty();
    }

    public boolean isStarted() {
        return started;
    }

    public synchronized long runningThreads() {
        return threads.stream().filter(Thread::isAlive).count();
    }

    /** Before the beans go (the DLQ producer among them): each thread finishes its HTTP calls and commits. */
    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    /** Stops every thread (as a shutdown does); {@link #start} may follow, as after a restart. */
    public synchronized void stop() {
        started = false;
        consumers.forEach(DriverEventConsumer::stop);
        long deadline = System.nanoTime() + config.requestTimeout().plusSeconds(15).toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
