package org.metagov.dispatcher.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records one consumer thread holds, per partition, and what may be committed. Records finish out of order (each
 * lane at its own pace), so a partition's commit point is its lowest unfinished offset, or the next offset to read
 * when none is unfinished: a restart never skips a record that was not finished, and redelivers (with the same
 * webhook-ids) the finished ones above it. Commits are batched: at most one asynchronous commit per interval
 * ({@link #due}), and a synchronous one for partitions that leave the thread ({@link #release}).
 */
final class OffsetTracker {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    /** Offsets handed out and not finished yet. */
    private final Map<TopicPartition, TreeSet<Long>> unfinished = new HashMap<>();
    /** One past the highest offset handed out. */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    /** The commit point last sent, to send only changes. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long lastCommit;

    OffsetTracker(Duration commitInterval, LongSupplier nanoClock) {
        this.intervalNanos = commitInterval.toNanos();
        this.nanoClock = nanoClock;
        this.lastCommit = nanoClock.getAsLong();
    }

    /** The record at {@code offset} is being worked on (records of a partition are started in offset order). */
    void started(TopicPartition partition, long offset) {
        unfinished.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        next.put(partition, offset + 1);
    }

    /** The record is finished (delivered, parked or dead-lettered). */
    void finished(TopicPartition partition, long offset) {
        TreeSet<Long> open = unfinished.get(partition);
        if (open != null) {
            open.remove(offset);
        }
    }

    /** Records of the partition handed out and not finished: what the memory bound counts. */
    int unfinished(TopicPartition partition) {
        TreeSet<Long> open = unfinished.get(partition);
        return open == null ? 0 : open.size();
    }

    /** What to commit asynchronously now: the commit points that moved, once the interval has passed. */
    Map<TopicPartition, OffsetAndMetadata> due() {
        long now = nanoClock.getAsLong();
        if (now - lastCommit < intervalNanos) {
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>();
        for (TopicPartition partition : next.keySet()) {
            long point = commitPoint(partition);
            if (!Long.valueOf(point).equals(committed.get(partition))) {
                due.put(partition, new OffsetAndMetadata(point));
                committed.put(partition, point);
            }
        }
        if (!due.isEmpty()) {
            lastCommit = now;
        }
        return due;
    }

    private long commitPoint(TopicPartition partition) {
        TreeSet<Long> open = unfinished.get(partition);
        return open == null || open.isEmpty() ? next.get(partition) : open.first();
    }

    /**
     * The partitions leave this thread (revoked, or the thread stops): their commit points, to be committed
     * synchronously so that the next owner starts at the first unfinished record, and forgotten here.
     */
    Map<TopicPartition, OffsetAndMetadata> release(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> released = new HashMap<>();
        for (TopicPartition partition : partitions) {
            if (next.containsKey(partition)) {
                released.put(partition, new OffsetAndMetadata(commitPoint(partition)));
            }
            forget(partition);
        }
        return released;
    }

    /** Every partition's commit point, as the thread stops; see {@link #release}. */
    Map<TopicPartition, OffsetAndMetadata> releaseAll() {
        return release(List.copyOf(next.keySet()));
    }

    /** The partitions are already someone else's (lost, not revoked): the next owner starts at the last commit. */
    void lost(Collection<TopicPartition> partitions) {
        partitions.forEach(this::forget);
    }

    private void forget(TopicPartition partition) {
        unfinished.remove(partition);
        next.remove(partition);
        committed.remove(partition);
    }
}
