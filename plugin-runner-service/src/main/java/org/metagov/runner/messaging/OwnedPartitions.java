package org.metagov.runner.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.metagov.events.Topics;

/**
 * Which communities this replica is responsible for: those whose key falls in the action-requests partitions the
 * consumer group assigned to it. Polling tasks follow this, so each runs on exactly one replica at a time.
 */
@ApplicationScoped
@Identifier("runner-partitions")
public class OwnedPartitions implements KafkaConsumerRebalanceListener {

    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile int partitionCount;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitionCount = consumer.partitionsFor(Topics.ACTION_REQUESTS).size();
        partitions.forEach(p -> owned.add(p.partition()));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.remove(p.partition()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    /** Same partitioning as Kafka's default partitioner for a String key. */
    public boolean owns(String community) {
        int count = partitionCount;
        if (count == 0) {
            return false;
        }
        int partition = Utils.toPositive(Utils.murmur2(community.getBytes(StandardCharsets.UTF_8))) % count;
        return owned.contains(partition);
    }
}
