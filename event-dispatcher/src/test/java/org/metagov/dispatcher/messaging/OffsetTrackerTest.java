package org.metagov.dispatcher.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    static final TopicPartition P0 = new TopicPartition("driver-events", 0);
    static final TopicPartition P1 = new TopicPartition("driver-events", 1);

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final OffsetTracker tracker = new OffsetTracker(Duration.ofMillis(100), now::get);

    void advance(long millis) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    static Map<TopicPartition, OffsetAndMetadata> next(TopicPartition partition, long offset) {
        return Map.of(partition, new OffsetAndMetadata(offset));
    }

    void done(TopicPartition partition, long... offsets) {
        for (long offset : offsets) {
            tracker.started(partition, offset);
        }
        for (long offset : offsets) {
            tracker.finished(partition, offset);
        }
    }

    @Test
    void finishedOffsetsAreCommittedAtMostOncePerIntervalAsTheNextOffsetToRead() {
        done(P0, 5);
        assertEquals(Map.of(), tracker.due(), "not before an interval has passed");
        advance(100);
        assertEquals(next(P0, 6), tracker.due());
        advance(100);
        assertEquals(Map.of(), tracker.due(), "nothing finished since");

        advance(50);
        done(P0, 6, 7);
        done(P1, 3);
        advance(50);
        assertEquals(Map.of(P0, new OffsetAndMetadata(8), P1, new OffsetAndMetadata(4)), tracker.due(),
                "the newest offset per partition");
    }

    @Test
    void theCommitPointStopsAtTheLowestUnfinishedRecordWhateverFinishedAboveIt() {
        tracker.started(P0, 10);
        tracker.started(P0, 11);
        tracker.started(P0, 12);
        tracker.finished(P0, 11);
        tracker.finished(P0, 12);
        advance(100);
        assertEquals(next(P0, 10), tracker.due(), "10 is still in a lane: a restart must read it again");
        assertEquals(1, tracker.unfinished(P0));
        tracker.finished(P0, 10);
        advance(100);
        assertEquals(next(P0, 13), tracker.due());
        assertEquals(0, tracker.unfinished(P0));
    }

    @Test
    void aPartitionThatLeavesGetsItsCommitPointCommittedEvenIfAnAsyncCommitWasSent() {
        done(P0, 5);
        done(P1, 9);
        advance(100);
        assertEquals(2, tracker.due().size());

        // the async commit may have failed: the synchronous one on revoke sends the offset again
        assertEquals(next(P0, 6), tracker.release(List.of(P0)));
        assertEquals(Map.of(), tracker.release(List.of(P0)), "forgotten once released");
        done(P1, 10);
        tracker.started(P1, 11);
        advance(100);
        assertEquals(next(P1, 11), tracker.due());
        assertEquals(next(P1, 11), tracker.releaseAll(), "11 unfinished: the next owner starts there");
        assertEquals(Map.of(), tracker.releaseAll());
    }

    @Test
    void aLostPartitionIsDroppedUncommitted() {
        done(P0, 5);
        done(P1, 9);
        tracker.lost(List.of(P0));
        advance(100);
        assertEquals(next(P1, 10), tracker.due());
        assertEquals(next(P1, 10), tracker.releaseAll(), "nothing of the lost partition");
    }

    @Test
    void aPartitionReleasedBeforeTheIntervalIsNotCommittedAsynchronouslyAfterwards() {
        done(P0, 5);
        assertEquals(next(P0, 6), tracker.release(List.of(P0)));
        advance(100);
        assertEquals(Map.of(), tracker.due());
    }
}
