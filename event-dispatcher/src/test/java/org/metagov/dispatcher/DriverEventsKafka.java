package org.metagov.dispatcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.ConfigProvider;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;

/** What the tests do on Kafka, as the plugin-runner and an operator would: produce events, read topics back. */
final class DriverEventsKafka implements AutoCloseable {

    private final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    private final KafkaProducer<String, String> producer;

    DriverEventsKafka() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** An event as the plugin-runner writes it: keyed by community, timestamp in seconds with a fraction. */
    static DriverEvent event(String id, String community, JsonNode data, JsonNode initiator) {
        Instant now = Instant.now();
        String timestamp = now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
        return new DriverEvent(id, community, "discourse", "post_created", timestamp, data, initiator);
    }

    void send(DriverEvent... events) {
        try {
            for (DriverEvent event : events) {
                producer.send(new ProducerRecord<>("driver-events", event.community(), EventJson.write(event)));
            }
            producer.flush();
        } catch (RuntimeException e) {
            throw new AssertionError("could not produce", e);
        }
    }

    /** The driver-events partition the producer's default partitioner puts a community's events on. */
    int partitionOf(String community) {
        int count = producer.partitionsFor("driver-events").size();
        return Utils.toPositive(Utils.murmur2(community.getBytes(StandardCharsets.UTF_8))) % count;
    }

    /** A record as a broken producer might write it. */
    /** A record of another topic (subscriptions, communities), as community-service publishes it. */
    void sendTo(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void sendRaw(String key, String value) {
        try {
            producer.send(new ProducerRecord<>("driver-events", key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not produce", e);
        }
    }

    /** Every record of the topic, from the start, read by a consumer outside any group. */
    List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The group's committed offsets; empty when it never committed (or does not exist). */
    Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
