package org.metagov.dispatcher.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.logging.Log;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.metagov.dispatcher.config.DispatcherConfig;
import org.metagov.dispatcher.service.DeadLetter;
import org.metagov.dispatcher.service.Delivery;
import org.metagov.dispatcher.service.DeliveryMetrics;
import org.metagov.dispatcher.service.EventRecords;
import org.metagov.dispatcher.service.LaneDispatcher;
import org.metagov.dispatcher.service.LaneDispatcherFactory;
import org.metagov.dispatcher.subscription.Subscription;
import org.metagov.dispatcher.subscription.Subscriptions;
import org.metagov.observability.KafkaClientMeters;
import org.metagov.observability.Traceparent;
import org.metagov.events.DriverEvent;
import org.metagov.events.KafkaConnection;
import org.metagov.events.Topics;

/**
 * One consumer thread: its own KafkaConsumer in the dispatcher's group, the partitions the group gives it. It reads
 * records and hands each one's deliveries (one per matching subscription) to its {@link LaneDispatcher}, which runs
 * every (subscription, community) lane on its own; the thread only polls, hands out and commits, so it never waits for
 * a receiver and stays in the group whatever {@code max.poll.interval.ms} is.
 *
 * <p>A record is finished once each of its deliveries was delivered, parked in PostgreSQL (its lane is retrying) or
 * dead-lettered; a partition's commit is its lowest unfinished offset ({@link OffsetTracker}). Memory is bounded: a
 * partition holding {@code max-unfinished-records} unfinished records is paused until half of them finished (lanes
 * that fail park, so only attempts in flight and the records queued behind them count).
 */
final class DriverEventConsumer implements Runnable {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);
    /** Before a record whose DLQ write failed is tried again. */
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);
    private static final int MAX_POLL_RECORDS = 200;
    /** Finished offsets are committed at most this often, and always on revoke and close (see OffsetTracker). */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

    private final KafkaConsumer<String, String> consumer;
    private final DispatcherConfig config;
    private final Subscriptions subscriptions;
    private final LaneDispatcher lanes;
    private final DeadLetterPublisher deadLetters;
    private final DeliveryMetrics metrics;
    private final OffsetTracker offsets = new OffsetTracker(COMMIT_INTERVAL, System::nanoTime);
    /** Records whose every delivery finished, reported by the lanes' threads, taken in by this one. */
    private final ConcurrentLinkedQueue<TopicPartitionOffset> done = new ConcurrentLinkedQueue<>();
    /** Per record in the lanes, its deliveries not finished yet. */
    private final Map<TopicPartitionOffset, AtomicInteger> deliveriesLeft = new ConcurrentHashMap<>();
    private final Set<TopicPartition> pausedForBound = new HashSet<>();
    /** Assigned, but their parked lanes not loaded yet (the database failed): paused until they are. */
    private final Set<TopicPartition> unadopted = new HashSet<>();
    private volatile boolean running = true;
    private final KafkaClientMeters.Bound meters;

    private record TopicPartitionOffset(TopicPartition partition, long offset) {
    }

    DriverEventConsumer(Map<String, ?> kafkaConfig, DispatcherConfig config, String clientId,
            Subscriptions subscriptions, LaneDispatcherFactory lanes, DeadLetterPublisher deadLetters,
            DeliveryMetrics metrics) {
        this.consumer = new KafkaConsumer<>(properties(kafkaConfig, config, clientId), new StringDeserializer(),
                new StringDeserializer());
        this.meters = KafkaClientMeters.bind(metrics.registry(), consumer);
        this.config = config;
        this.subscriptions = subscriptions;
        this.lanes = lanes.create(this::deliveryFinished);
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    private static Properties properties(Map<String, ?> kafkaConfig, DispatcherConfig config, String clientId) {
        Properties props = KafkaConnection.properties(kafkaConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // a killed replica's partitions move after this, instead of the client default of 45 s
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                (int) Math.max(500, config.sessionTimeout().toMillis() / 3));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a group without offsets starts at the oldest event: events written before the first start are not skipped
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // only the partitions that move are revoked when a thread or replica joins, not all of them
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return props;
    }

    /** Asks the thread to stop; the attempts in flight finish, what finished is committed, and it closes. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.DRIVER_EVENTS), new Rebalance());
            while (running) {
                try {
                    takeInFinished();
                    adoptPending();
                    ConsumerRecords<String, String> batch = consumer.poll(POLL_TIMEOUT);
                    for (ConsumerRecord<String, String> record : batch) {
                        dispatch(record);
                    }
                    takeInFinished();
                    applyBound();
                    commitIfDue();
                } catch (KafkaException e) {
                    // the thread outlives broker trouble; whatever was not committed is fetched again
                    Log.warnf("Polling driver-events failed (%s); polling again", e.getMessage());
                    sleep(FAILURE_PAUSE);
                } catch (RuntimeException e) {
                    // a bug, not weather: say so loudly, but a dead thread would stop its partitions' delivery
                    Log.errorf(e, "Unexpected failure consuming driver-events; carrying on");
                    sleep(FAILURE_PAUSE);
                }
            }
        } finally {
            lanes.revoke(partitionNumbers(consumer.assignment()), patience());
            takeInFinished();
            commitSync(offsets.releaseAll());
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            KafkaClientMeters.close(meters);
        }
    }

    private void dispatch(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.started(partition, record.offset());
        DriverEvent event = EventRecords.read(record.value(), record.key());
        if (event == null) {
            deadLetterUnreadable(record);
            offsets.finished(partition, record.offset());
            return;
        }
        String webhookId = event.id() == null || event.id().isBlank() ? fallbackId(record) : event.id();
        List<Subscription> matching = subscriptions.matching(event);
        if (matching.isEmpty()) {
            offsets.finished(partition, record.offset());
            return;
        }
        // counted before any lane can finish one
        deliveriesLeft.put(new TopicPartitionOffset(partition, record.offset()), new AtomicInteger(matching.size()));
        Instant receivedAt = Instant.ofEpochMilli(record.timestamp());
        String traceparent = Traceparent.of(record.headers());
        for (Subscription subscription : matching) {
            lanes.submit(new Delivery(subscription, webhookId, event, record.value(), record.partition(),
                    record.offset(), receivedAt, traceparent));
        }
    }

    /** On a lane's thread. */
    private void deliveryFinished(Delivery delivery) {
        TopicPartitionOffset position = new TopicPartitionOffset(
                new TopicPartition(Topics.DRIVER_EVENTS, delivery.partition()), delivery.offset());
        AtomicInteger left = deliveriesLeft.get(position);
        if (left != null && left.decrementAndGet() == 0) {
            deliveriesLeft.remove(position);
            done.add(position);
        }
    }

    private void takeInFinished() {
        for (TopicPartitionOffset position; (position = done.poll()) != null;) {
            offsets.finished(position.partition(), position.offset());
        }
    }

    /** Pauses a partition holding too many unfinished records; resumes it once half of them finished. */
    private void applyBound() {
        int bound = config.maxUnfinishedRecords();
        for (TopicPartition partition : consumer.assignment()) {
            int unfinished = offsets.unfinished(partition);
            if (unfinished >= bound && pausedForBound.add(partition)) {
                consumer.pause(Set.of(partition));
                Log.infof("%s holds %d unfinished records: paused until half of them finished", partition,
                        unfinished);
            } else if (unfinished <= bound / 2 && pausedForBound.remove(partition)) {
                consumer.resume(Set.of(partition));
            }
        }
    }

    /** A record that is no event goes to the DLQ; the partition waits until the DLQ has it. */
    private void deadLetterUnreadable(ConsumerRecord<String, String> record) {
        String webhookId = fallbackId(record);
        DeadLetter letter = new DeadLetter(DeadLetter.UNREADABLE,
                "record value is not a DriverEvent: " + abbreviate(record.value()), 0, null);
        while (running) {
            try {
                deadLetters.publish(record, webhookId, letter);
                metrics.deadLettered(null, letter.cause());
                Log.warnf("Record %s-%d@%d of community %s dead-lettered to %s: %s", record.topic(),
                        record.partition(), record.offset(), record.key(), Topics.DRIVER_EVENTS_DLQ, letter.reason());
                return;
            } catch (InterruptedException e) {
                running = false;
            } catch (Exception e) {
                Log.errorf("Could not dead-letter %s-%d@%d (%s); trying again", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                sleep(FAILURE_PAUSE);
            }
        }
    }

    /** Producers always set an id; without one, the record's position is the stable identity redeliveries share. */
    private static String fallbackId(ConsumerRecord<String, String> record) {
        String position = record.topic() + "/" + record.partition() + "/" + record.offset();
        return "msg_" + UUID.nameUUIDFromBytes(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String value) {
        return value == null ? "null" : value.length() <= 200 ? value : value.substring(0, 200) + "...";
    }

    private void commitIfDue() {
        Map<TopicPartition, OffsetAndMetadata> due = offsets.due();
        if (due.isEmpty()) {
            return;
        }
        // async: a failed commit is covered by the next one, or by the synchronous one on revoke and close
        consumer.commitAsync(due, (committed, e) -> {
            if (e != null) {
                Log.debugf("Commit of %s failed (%s); a later commit covers it", committed, e.getMessage());
            }
        });
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> released) {
        if (released.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(released, Duration.ofSeconds(10));
        } catch (KafkaException e) {
            Log.warnf("Commit of %s failed (%s); those events will be delivered again", released, e.getMessage());
        }
    }

    /** How long a leaving partition waits for its attempts in flight: one request, and a margin. */
    private Duration patience() {
        return config.requestTimeout().plusSeconds(2);
    }

    private static Set<Integer> partitionNumbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new HashSet<>();
        partitions.forEach(p -> numbers.add(p.partition()));
        return numbers;
    }

    /** Loads the parked lanes of newly assigned partitions, then lets their records come. */
    private void adoptPending() {
        if (unadopted.isEmpty()) {
            return;
        }
        try {
            lanes.adopt(partitionNumbers(unadopted));
            consumer.resume(unadopted);
            unadopted.clear();
        } catch (RuntimeException e) {
            Log.warnf("Parked lanes of %s not loaded (%s); those partitions wait", unadopted, e.getMessage());
            sleep(FAILURE_PAUSE);
        }
    }

    private void forgetRecords(Collection<TopicPartition> partitions) {
        unadopted.removeAll(partitions);
        deliveriesLeft.keySet().removeIf(p -> partitions.contains(p.partition()));
        done.removeIf(p -> partitions.contains(p.partition()));
        pausedForBound.removeAll(partitions);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            running = false; // only a JVM going down interrupts this thread
        }
    }

    /** Runs inside poll(), on this thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // the attempts in flight end first, so the next owner starts right after what finished
            lanes.revoke(partitionNumbers(partitions), patience());
            takeInFinished();
            commitSync(offsets.release(partitions));
            forgetRecords(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            lanes.revoke(partitionNumbers(partitions), Duration.ZERO);
            offsets.lost(partitions);
            forgetRecords(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // lanes a previous owner parked go on here, before this partition's new records queue behind them
            unadopted.addAll(partitions);
            consumer.pause(partitions);
            adoptPending();
        }
    }
}
