package org.metagov.messaging;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.metagov.events.EventJson;

/**
 * The one cache of a compacted topic (communities, plugin catalog), read whole by every replica:
 * <ul>
 * <li>a newer version wins: a record older than the value held is ignored (versions from {@code versionOf});</li>
 * <li>a tombstone removes its key;</li>
 * <li>an unreadable record (or one without a key) is counted, logged without its body and skipped; the previous
 * value stays;</li>
 * <li>{@link #caughtUp()} once every record that was on the topic when its partitions were assigned is applied
 * (readiness waits for it). Register it as the channel's {@code consumer-rebalance-listener.name}.</li>
 * </ul>
 */
public class CompactedTopicCache<V> implements KafkaConsumerRebalanceListener {

    /** What a record did to the cache. */
    public enum Outcome {
        UPDATED, REMOVED, IGNORED_OLDER, UNREADABLE
    }

    /** Told of every change, on the consumer's thread, after the cache holds it. */
    @FunctionalInterface
    public interface Listener<V> {
        void changed(String key, V value); // value null: removed
    }

    private final String topic;
    private final Class<V> type;
    private final ToLongFunction<V> versionOf;
    private final Map<String, V> values = new ConcurrentSkipListMap<>();
    private final Map<Integer, Long> targets = new ConcurrentHashMap<>();
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final List<Runnable> onCaughtUp = new CopyOnWriteArrayList<>();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile Listener<V> listener = (k, v) -> {
    };
    private volatile boolean assigned;
    private volatile boolean caughtUp;

    public CompactedTopicCache(String topic, Class<V> type, ToLongFunction<V> versionOf) {
        this.topic = topic;
        this.type = type;
        this.versionOf = versionOf;
    }

    public void listener(Listener<V> listener) {
        this.listener = listener;
    }

    /** Runs once, when caught up (at once if it already is). */
    public void whenCaughtUp(Runnable action) {
        onCaughtUp.add(action);
        if (caughtUp) {
            action.run();
        }
    }

    public Outcome apply(ConsumerRecord<String, String> record) {
        Outcome outcome = update(record);
        applied.merge(record.partition(), record.offset(), Math::max);
        if (!caughtUp && reached()) {
            open();
        }
        return outcome;
    }

    private Outcome update(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return unreadable(record, "no key");
        }
        if (record.value() == null) {
            values.remove(record.key());
            listener.changed(record.key(), null);
            return Outcome.REMOVED;
        }
        V value;
        try {
            value = EventJson.MAPPER.readValue(record.value(), type);
        } catch (Exception e) {
            return unreadable(record, e.getClass().getSimpleName());
        }
        if (value == null) {
            return unreadable(record, "null value");
        }
        boolean[] newer = {false};
        values.compute(record.key(), (k, old) -> {
            newer[0] = old == null || versionOf.applyAsLong(value) >= versionOf.applyAsLong(old);
            return newer[0] ? value : old;
        });
        if (!newer[0]) {
            return Outcome.IGNORED_OLDER;
        }
        listener.changed(record.key(), value);
        return Outcome.UPDATED;
    }

    private Outcome unreadable(ConsumerRecord<String, String> record, String why) {
        unreadable.incrementAndGet();
        Log.errorf("Unreadable record on %s skipped (partition %d, offset %d, key %s): %s; the previous value stays",
                record.topic(), record.partition(), record.offset(), record.key(), why);
        return Outcome.UNREADABLE;
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** In key order. */
    public Collection<V> values() {
        return Collections.unmodifiableCollection(values.values());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public long unreadableCount() {
        return unreadable.get();
    }

    public String topic() {
        return topic;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Per partition: offset applied / offset to reach, for readiness data and warnings. */
    public Map<String, String> progress() {
        Map<String, String> progress = new HashMap<>();
        targets.forEach((p, end) -> progress.put(topic + "-" + p, (applied.getOrDefault(p, -1L) + 1) + "/" + end));
        return progress;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        // a partition whose records were all deleted has nothing to apply, whatever its end offset
        ends.forEach((tp, end) -> targets.putIfAbsent(tp.partition(), end.equals(starts.get(tp)) ? 0L : end));
        assigned = true;
        if (!caughtUp && reached()) {
            open();
        }
    }

    /**
     * Caught up once the record just before each end offset was applied. That record always exists: compaction never
     * touches the active segment and nothing writes transactions (markers) to these topics.
     */
    private boolean reached() {
        if (!assigned) {
            return false;
        }
        for (Map.Entry<Integer, Long> target : targets.entrySet()) {
            if (target.getValue() > 0 && applied.getOrDefault(target.getKey(), -1L) < target.getValue() - 1) {
                return false;
            }
        }
        return true;
    }

    private synchronized void open() {
        if (caughtUp) {
            return;
        }
        caughtUp = true;
        onCaughtUp.forEach(Runnable::run);
    }
}
