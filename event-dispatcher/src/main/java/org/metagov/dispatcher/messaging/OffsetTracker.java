package org.metagov.dispatcher.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets one consumer thread has finished (delivered or dead-lettered), per partition, and which of them still
 * wait for a commit. Records of a partition finish in order, one at a time, so a partition's entry is simply the next
 * offset to read. A commit per event cost the broker more than the event itself, so commits are batched: at most one
 * asynchronous commit per interval ({@link #due}), and a synchronous one for partitions that leave the thread
 * ({@link #release}). A crash redelivers at most one interval's events, with the same webhook-ids.
 */
final class OffsetTracker {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    /** Next offset to read, per partition, after the records finished; kept until the partition leaves. */
    private final Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();
    /** Finished since the last asynchronous commit was sent. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private long lastCommit;

    OffsetTracker(Duration commitInterval, LongSupplier nanoClock) {
        this.intervalNanos = commitInterval.toNanos();
        this.nanoClock = nanoClock;
        this.lastCommit = nanoClock.getAsLong();
    }

    /** The record at {@code offset} of {@code partition} is finished: the partition goes on after it. */
    void finished(TopicPartition partition, long offset) {
        OffsetAndMetadata next = new OffsetAndMetadata(offset + 1);
        finished.put(partition, next);
        uncommitted.put(partition, next);
    }

    /**
     * What to commit asynchronously now: the offsets finished since the last commit, once the interval has passed
     * since it; otherwise nothing. A commit that fails is covered by the next one, or by {@link #release}.
     */
    Map<TopicPartition, OffsetAndMetadata> due() {
        long now = nanoClock.getAsLong();
        if (uncommitted.isEmpty() || now - lastCommit < intervalNanos) {
            return Map.of();
        }
        lastCommit = now;
        Map<TopicPartition, OffsetAndMetadata> due = Map.copyOf(uncommitted);
        uncommitted.clear();
        return due;
    }

    /**
     * The partitions leave this thread (revoked, or the thread stops): their finished offsets, to be committed
     * synchronously so that the next owner starts right after them, and forgotten here.
     */
    Map<TopicPartition, OffsetAndMetadata> release(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> released = new HashMap<>();
        for (TopicPartition partition : partitions) {
            uncommitted.remove(partition);
            OffsetAndMetadata offset = finished.remove(partition);
            if (offset != null) {
                released.put(partition, offset);
            }
        }
        return released;
    }

    /** Every partition's finished offset, as the thread stops; see {@link #release}. */
    Map<TopicPartition, OffsetAndMetadata> releaseAll() {
        return release(List.copyOf(finished.keySet()));
    }

    /**
     * The partitions are already someone else's (lost, not revoked): a commit would be refused, so their offsets are
     * dropped and the next owner starts at the last commit.
     */
    void lost(Collection<TopicPartition> partitions) {
        finished.keySet().removeAll(partitions);
        uncommitted.keySet().removeAll(partitions);
    }
}
