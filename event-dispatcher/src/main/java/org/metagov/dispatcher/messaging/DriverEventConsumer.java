package org.metagov.dispatcher.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

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
import org.metagov.dispatcher.service.DeliveryMetrics;
import org.metagov.dispatcher.service.EventDelivery;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.events.KafkaConnection;
import org.metagov.events.Topics;

/**
 * One consumer thread: its own KafkaConsumer in the dispatcher's group, the partitions the group gives it, one
 * record at a time.
 *
 * <p>Why not SmallRye's {@code @Incoming}: a record may block for minutes of retries, and we need to decide exactly
 * when an offset is committed and to keep polling meanwhile. Here every partition is paused while a batch is worked
 * on, and the thread polls (getting nothing) between records and while waiting out a backoff. That keeps it in the
 * group whatever {@code max.poll.interval.ms} is, and lets it notice at once when a partition is taken away.
 *
 * <p>A record's offset is committed only after it was delivered (2xx) or written to the DLQ. When a partition stops
 * early (a failure, a revocation, shutdown), it is sought back to its first unfinished record, so nothing is
 * skipped; the next owner or the next poll delivers it again, with the same webhook-id.
 */
final class DriverEventConsumer implements Runnable {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** How often a backoff wait polls: often enough to notice a revocation or shutdown soon. */
    private static final Duration WAIT_SLICE = Duration.ofMillis(200);
    /** Before a record whose handling failed (the DLQ unreachable, say) is taken up again. */
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);
    /** Small batches: a rebalance returns fewer records to re-fetch. */
    private static final int MAX_POLL_RECORDS = 50;
    /** Finished offsets are committed at most this often, and always on revoke and close (see OffsetTracker). */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

    private final KafkaConsumer<String, String> consumer;
    private final URI receiver;
    private final EventDelivery delivery;
    private final DeadLetterPublisher deadLetters;
    private final DeliveryMetrics metrics;
    private final OffsetTracker offsets = new OffsetTracker(COMMIT_INTERVAL, System::nanoTime);
    /** Partitions taken away while a batch was in hand: their remaining records are not ours any more. */
    private final Set<TopicPartition> lostDuringBatch = new HashSet<>();
    private volatile boolean running = true;
    private boolean inBatch;

    DriverEventConsumer(Map<String, ?> kafkaConfig, DispatcherConfig config, String clientId, URI receiver,
            EventDelivery delivery, DeadLetterPublisher deadLetters, DeliveryMetrics metrics) {
        this.consumer = new KafkaConsumer<>(properties(kafkaConfig, config, clientId), new StringDeserializer(),
                new StringDeserializer());
        this.receiver = receiver;
        this.delivery = delivery;
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

    /** Asks the thread to stop; it finishes the HTTP call in flight, commits what it finished and closes. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.DRIVER_EVENTS), new Rebalance());
            while (running) {
                try {
                    ConsumerRecords<String, String> batch = consumer.poll(POLL_TIMEOUT);
                    if (!batch.isEmpty()) {
                        process(batch);
                    }
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
            commitSync(offsets.releaseAll());
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void process(ConsumerRecords<String, String> batch) {
        inBatch = true;
        lostDuringBatch.clear();
        // per partition, the first record of the batch not finished yet; whatever happens, these are read again
        Map<TopicPartition, Long> unfinished = new HashMap<>();
        batch.partitions().forEach(p -> unfinished.put(p, batch.records(p).get(0).offset()));
        consumer.pause(consumer.assignment());
        try {
            for (TopicPartition partition : batch.partitions()) {
                List<ConsumerRecord<String, String>> records = batch.records(partition);
                int done = 0;
                while (done < records.size() && handle(records.get(done))) {
                    done++;
                }
                if (done == records.size()) {
                    unfinished.remove(partition);
                } else {
                    unfinished.put(partition, records.get(done).offset());
                }
            }
        } finally {
            inBatch = false;
            unfinished.forEach(this::rewind);
            consumer.resume(consumer.assignment());
        }
    }

    /** True when the record is finished (delivered or dead-lettered); false when it must be handled again. */
    private boolean handle(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            consumer.poll(Duration.ZERO); // all paused: returns nothing, but runs rebalance callbacks first
            if (!running || lostDuringBatch.contains(partition)) {
                return false;
            }
            DriverEvent event = read(record);
            if (event == null) {
                return deadLetter(record, fallbackId(record), null, new DeadLetter(DeadLetter.UNREADABLE,
                        "record value is not a DriverEvent: " + abbreviate(record.value()), 0, null));
            }
            String webhookId = event.id() == null || event.id().isBlank() ? fallbackId(record) : event.id();
            EventDelivery.Result result = delivery.deliver(receiver, webhookId, event,
                    Instant.ofEpochMilli(record.timestamp()), delay -> waitPolling(partition, delay));
            return switch (result.status()) {
                case DELIVERED -> {
                    markFinished(record);
                    yield true;
                }
                case DEAD_LETTER -> deadLetter(record, webhookId, event.source(), result.deadLetter());
                case ABANDONED -> false;
            };
        } catch (InterruptedException e) {
            running = false; // only a JVM going down interrupts this thread
            return false;
        } catch (Exception e) {
            Log.errorf(e, "Could not finish driver-events record %s-%d@%d; it will be handled again",
                    record.topic(), record.partition(), record.offset());
            sleep(FAILURE_PAUSE); // not a polling wait: polling may be what failed
            return false;
        }
    }

    private boolean deadLetter(ConsumerRecord<String, String> record, String webhookId, String source,
            DeadLetter letter) throws Exception {
        deadLetters.publish(record, webhookId, letter);
        metrics.deadLettered(source, letter.cause());
        Log.warnf("Event %s of community %s dead-lettered to %s: %s", webhookId, record.key(),
                Topics.DRIVER_EVENTS_DLQ, letter.reason());
        markFinished(record);
        return true;
    }

    private static DriverEvent read(ConsumerRecord<String, String> record) {
        try {
            DriverEvent event = EventJson.read(record.value(), DriverEvent.class);
            if (event.source() == null || event.eventType() == null) {
                return null; // JSON, but not an event the driver could act on
            }
            if (event.community() == null && record.key() != null) {
                // the key is the community by contract; the body the driver gets should carry it
                return new DriverEvent(event.id(), record.key(), event.source(), event.eventType(),
                        event.timestamp(), event.data(), event.initiator());
            }
            return event;
        } catch (RuntimeException unreadable) { // not JSON, not an object, a null value
            return null;
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

    private void markFinished(ConsumerRecord<String, String> record) {
        offsets.finished(new TopicPartition(record.topic(), record.partition()), record.offset());
        commitIfDue();
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

    /**
     * Puts the partition back to a record that was not finished, unless it is no longer ours (then its next owner,
     * or we after a re-assignment, start from the committed offset).
     */
    private void rewind(TopicPartition partition, long offset) {
        if (consumer.assignment().contains(partition) && !lostDuringBatch.contains(partition)) {
            consumer.seek(partition, offset);
        }
    }

    /** The backoff wait: polls (keeping group membership) until the delay is over; false if the record is not ours. */
    private boolean waitPolling(TopicPartition partition, Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        while (running && !lostDuringBatch.contains(partition)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            ConsumerRecords<String, String> unexpected = consumer.poll(
                    Duration.ofNanos(Math.min(left, WAIT_SLICE.toNanos())));
            // every partition is paused, so nothing should come; should it, put it back rather than skip it
            for (TopicPartition other : unexpected.partitions()) {
                consumer.seek(other, unexpected.records(other).get(0).offset());
                consumer.pause(Set.of(other));
            }
        }
        return false;
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
            commitSync(offsets.release(partitions)); // the next owner starts right after what we finished
            if (inBatch) {
                lostDuringBatch.addAll(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            offsets.lost(partitions);
            if (inBatch) {
                lostDuringBatch.addAll(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (inBatch) {
                consumer.pause(partitions); // one record at a time: the batch in hand first
            }
        }
    }
}
