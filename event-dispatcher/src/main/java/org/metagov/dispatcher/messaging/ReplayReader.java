package org.metagov.dispatcher.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.micrometer.core.instrument.MeterRegistry;

import org.metagov.observability.KafkaClientMeters;
import org.metagov.events.KafkaConnection;
import org.metagov.events.Topics;

/**
 * Reads driver-events from a time to the end it had when the read began, with a consumer of its own outside the
 * dispatcher's group: a replay moves no committed offset and takes no partition from live delivery.
 */
@ApplicationScoped
public class ReplayReader {

    private final Map<String, Object> kafkaConfig;

    private final MeterRegistry registry;

    public ReplayReader(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry registry) {
        this.kafkaConfig = kafkaConfig;
        this.registry = registry;
    }

    /** Hands every record from {@code from} on to {@code each}, partition by partition in offset order. */
    public void read(Instant from, Consumer<ConsumerRecord<String, String>> each) {
        Properties props = KafkaConnection.properties(kafkaConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer()); KafkaClientMeters.Bound meters = KafkaClientMeters.bind(registry, consumer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DRIVER_EVENTS, Duration.ofSeconds(10))
                    .stream().map(info -> new TopicPartition(Topics.DRIVER_EVENTS, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                // no record at or after the time: nothing to replay there
                consumer.seek(partition, start == null ? end.get(partition) : start.offset());
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(partition)) {
                        each.accept(record);
                    }
                }
            }
        }
    }
}
