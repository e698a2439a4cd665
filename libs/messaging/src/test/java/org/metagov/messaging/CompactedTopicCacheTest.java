package org.metagov.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class CompactedTopicCacheTest {

    public record Entry(String name, long version) {
    }

    private final CompactedTopicCache<Entry> cache = new CompactedTopicCache<>("t", Entry.class, Entry::version);
    private long offset;

    @Test
    void aNewerVersionWinsAndAnOlderOneIsIgnored() {
        assertEquals(CompactedTopicCache.Outcome.UPDATED, cache.apply(record("a", "{\"name\":\"a\",\"version\":2}")));
        assertEquals(CompactedTopicCache.Outcome.IGNORED_OLDER,
                cache.apply(record("a", "{\"name\":\"old\",\"version\":1}")));
        assertEquals("a", cache.get("a").orElseThrow().name());
        assertEquals(CompactedTopicCache.Outcome.UPDATED,
                cache.apply(record("a", "{\"name\":\"same version, later record\",\"version\":2}")));
        assertEquals("same version, later record", cache.get("a").orElseThrow().name());
    }

    @Test
    void aTombstoneRemovesAndListenersHearOfIt() {
        List<String> heard = new ArrayList<>();
        cache.listener((k, v) -> heard.add(k + "=" + (v == null ? "gone" : v.name())));
        cache.apply(record("a", "{\"name\":\"a\",\"version\":1}"));
        assertEquals(CompactedTopicCache.Outcome.REMOVED, cache.apply(record("a", null)));
        assertTrue(cache.get("a").isEmpty());
        assertEquals(List.of("a=a", "a=gone"), heard);
    }

    @Test
    void anUnreadableRecordIsCountedAndSkippedAndThePreviousValueStays() {
        cache.apply(record("a", "{\"name\":\"kept\",\"version\":1}"));
        assertEquals(CompactedTopicCache.Outcome.UNREADABLE, cache.apply(record("a", "{not json")));
        assertEquals(CompactedTopicCache.Outcome.UNREADABLE, cache.apply(record(null, "{\"name\":\"x\"}")));
        assertEquals("kept", cache.get("a").orElseThrow().name());
        assertEquals(2, cache.unreadableCount());
    }

    @Test
    void caughtUpOnlyOnceTheRecordBeforeEachEndOffsetIsApplied() {
        boolean[] opened = {false};
        cache.whenCaughtUp(() -> opened[0] = true);
        cache.onPartitionsAssigned(new org.apache.kafka.clients.consumer.MockConsumer<String, String>(
                org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy.EARLIEST.name()) {
            @Override
            public synchronized java.util.Map<org.apache.kafka.common.TopicPartition, Long> endOffsets(
                    java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                return java.util.Map.of(new org.apache.kafka.common.TopicPartition("t", 0), 3L);
            }

            @Override
            public synchronized java.util.Map<org.apache.kafka.common.TopicPartition, Long> beginningOffsets(
                    java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                return java.util.Map.of(new org.apache.kafka.common.TopicPartition("t", 0), 0L);
            }
        }, List.of(new org.apache.kafka.common.TopicPartition("t", 0)));
        cache.apply(record("a", "{\"name\":\"a\",\"version\":1}"));
        cache.apply(record("b", "{bad"));
        assertFalse(cache.caughtUp());
        assertFalse(opened[0]);
        cache.apply(record("c", "{\"name\":\"c\",\"version\":1}"));
        assertTrue(cache.caughtUp());
        assertTrue(opened[0]);
    }

    private ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>("t", 0, offset++, key, value);
    }
}
