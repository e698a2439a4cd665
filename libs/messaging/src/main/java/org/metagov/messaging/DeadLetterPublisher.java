package org.metagov.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.metagov.events.KafkaConnection;
import org.metagov.events.Topics;
import org.metagov.observability.KafkaClientMeters;

/**
 * Writes records that cannot be handled to their topic's dead-letter topic: the original value and headers, plus
 * {@code dead-letter-*} headers (SmallRye's names) saying why, where from and the original key. The record key is
 * the source coordinates ({@code topic-partition@offset}) and dead-letter topics are compacted, so a record
 * dead-lettered by several per-replica consumer groups, or again after a crash, is kept once.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    public static final String ORIGINAL_KEY = "dead-letter-key";

    private final KafkaProducer<byte[], byte[]> producer;
    private final MeterRegistry registry;
    private final KafkaClientMeters.Bound meters;

    public DeadLetterPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            MeterRegistry registry, TopicSetup topics) {
        Properties props = KafkaConnection.properties(kafkaConfig);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters-" + kafkaConfig.getOrDefault("client.id", "svc"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // a dead letter carries its source record plus headers: room for the largest record the topics take
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, topics.limits().maxMessageBytes() * 2);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.registry = registry;
        this.meters = KafkaClientMeters.bind(registry, producer);
    }

    // at 0 from the start (which also creates this bean), for each topic this service consumes: an alert sees the
    // first dead letter appear
    void onStart(@Observes StartupEvent event) {
        for (String topic : consumedTopics(ConfigProvider.getConfig())) {
            deadLetterCounter(topic);
        }
    }

    /** The topics of {@code mp.messaging.incoming.*.topic} and {@code metagov.metrics.dead-letter-topics}. */
    static Set<String> consumedTopics(Config config) {
        Set<String> topics = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".topic")) {
                config.getOptionalValue(name, String.class).ifPresent(topics::add);
            }
        }
        config.getOptionalValues("metagov.metrics.dead-letter-topics", String.class).ifPresent(topics::addAll);
        topics.removeIf(t -> Topics.ALL.stream().noneMatch(s -> s.name().equals(t) && !s.isDeadLetterTopic()));
        return topics;
    }

    private Counter deadLetterCounter(String topic) {
        return Counter.builder("metagov_dead_letters_total").description("Records moved to a dead-letter topic")
                .tag("topic", topic).register(registry);
    }

    /**
     * Returns once the broker acknowledged: only then may the source record count as handled.
     *
     * @param reason what went wrong, said to an operator: never a secret or a record body
     */
    public void publish(ConsumerRecord<?, ?> source, String reason, int attempts, Map<String, String> extra)
            throws InterruptedException, ExecutionException, TimeoutException {
        Headers headers = new RecordHeaders(source.headers().toArray());
        header(headers, "dead-letter-reason", reason);
        header(headers, "dead-letter-topic", source.topic());
        header(headers, "dead-letter-partition", Integer.toString(source.partition()));
        header(headers, "dead-letter-offset", Long.toString(source.offset()));
        header(headers, "dead-letter-attempts", Integer.toString(attempts));
        header(headers, ORIGINAL_KEY, source.key() == null ? null : source.key().toString());
        extra.forEach((name, value) -> header(headers, name, value));
        String target = Topics.deadLetterTopicOf(source.topic());
        byte[] key = (source.topic() + "-" + source.partition() + "@" + source.offset())
                .getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(target, null, key, bytes(source.value()), headers))
                .get(3, TimeUnit.MINUTES); // the producer's own delivery timeout (2 min) ends it first
        deadLetterCounter(source.topic()).increment();
    }

    private static byte[] bytes(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(Headers headers, String name, String value) {
        headers.remove(name); // a replayed dead letter that fails again carries only the latest reason
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    @PreDestroy
    void close() {
        producer.close();
        KafkaClientMeters.close(meters);
    }
}
