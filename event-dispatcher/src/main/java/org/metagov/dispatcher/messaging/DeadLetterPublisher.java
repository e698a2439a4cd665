package org.metagov.dispatcher.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.metagov.dispatcher.service.DeadLetter;
import org.metagov.events.KafkaConnection;
import org.metagov.events.Topics;

/**
 * Writes given-up events to driver-events.dlq: the original key, value and headers, so an operator can replay the
 * record as it is, plus {@code dead-letter-*} headers (SmallRye's names where it has them) saying why.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private final KafkaProducer<String, String> producer;

    public DeadLetterPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Properties props = KafkaConnection.properties(kafkaConfig);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "event-dispatcher-dlq");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Returns once the broker acknowledged: only then may the source record's offset be committed. */
    public void publish(ConsumerRecord<String, String> source, String webhookId, DeadLetter letter)
            throws InterruptedException, ExecutionException, TimeoutException {
        Headers headers = new RecordHeaders(source.headers().toArray());
        header(headers, "dead-letter-reason", letter.reason());
        header(headers, "dead-letter-cause", letter.cause());
        header(headers, "dead-letter-topic", source.topic());
        header(headers, "dead-letter-partition", Integer.toString(source.partition()));
        header(headers, "dead-letter-offset", Long.toString(source.offset()));
        header(headers, "dead-letter-attempts", Integer.toString(letter.attempts()));
        header(headers, "webhook-id", webhookId);
        if (letter.lastResponse() != null) {
            header(headers, "dead-letter-response-status", Integer.toString(letter.lastResponse().status()));
            header(headers, "dead-letter-response-body", letter.lastResponse().bodyPrefix());
        }
        producer.send(new ProducerRecord<>(Topics.DRIVER_EVENTS_DLQ, null, source.key(), source.value(), headers))
                .get(3, TimeUnit.MINUTES); // the producer's own delivery timeout (2 min) ends it first

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
    }
}
