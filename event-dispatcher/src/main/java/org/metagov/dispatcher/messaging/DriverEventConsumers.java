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
import org.metagov.dispatcher.service.EventDelivery;

/**
 * The consumer threads of this replica, one {@link DriverEventConsumer} each. Partitions run in parallel across
 * threads (and replicas); within a partition, so within a community, one event at a time.
 */
@ApplicationScoped
public class DriverEventConsumers {

    private final DispatcherConfig config;
    private final Map<String, Object> kafkaConfig;
    private final EventDelivery delivery;
    private final DeadLetterPublisher deadLetters;
    private final DeliveryMetrics metrics;
    private final List<DriverEventConsumer> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile URI receiver;

    public DriverEventConsumers(DispatcherConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, EventDelivery delivery,
            DeadLetterPublisher deadLetters, DeliveryMetrics metrics) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** Starts consuming and delivering to the receiver; until then events wait in Kafka. */
    public synchronized void start(URI receiver) {
        if (this.receiver != null) {
            throw new IllegalStateException("Already delivering to " + ReceiverUrls.redacted(this.receiver));
        }
        if (config.consumers() < 1) {
            throw new IllegalArgumentException("dispatcher.consumers must be at least 1 to deliver anything");
        }
        this.receiver = receiver;
        for (int i = 0; i < config.consumers(); i++) {
            String clientId = config.groupId() + "-" + i;
            DriverEventConsumer consumer = new DriverEventConsumer(kafkaConfig, config, clientId, receiver,
                    delivery, deadLetters, metrics);
            Thread thread = new Thread(consumer, clientId);
            consumers.add(consumer);
            threads.add(thread);
            thread.start();
        }
        Log.infof("Delivering driver events to %s with %d consumer threads", ReceiverUrls.redacted(receiver),
                consumers.size());
    }

    /** The receiver events go to, or empty while they stay in Kafka. */
    public Optional<URI> receiver() {
        return Optional.ofNullable(receiver);
    }

    public synchronized long runningThreads() {
        return threads.stream().filter(Thread::isAlive).count();
    }

    /** Before the beans go (the DLQ producer among them): each thread finishes its HTTP call and commits. */
    synchronized void stop(@Observes ShutdownEvent event) {
        consumers.forEach(DriverEventConsumer::stop);
        long deadline = System.nanoTime() + config.requestTimeout().plusSeconds(10).toNanos();
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
