package org.metagov.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.sdk.Json;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The shared failure policy on each of the runner's group channels: an unreadable record goes to its topic's
 * dead-letter topic with where it came from, and the channel goes on with the next record.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DeadLetterChannelsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aBadRecordOnEachChannelIsDeadLetteredAndTheNextIsHandled() {
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            String community = "dlq-" + UUID.randomUUID();
            PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(
                    new PluginInstanceState(UUID.randomUUID().toString(), "tutorial",
                            Json.object().put("api_key", "k").put("foo", "bar"))), 1, Instant.now()));
            for (String topic : List.of(Topics.ACTION_REQUESTS, Topics.WEBHOOKS_INBOUND, Topics.PROCESS_COMMANDS)) {
                kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, community, "{not json on " + topic))
                        .awaitCompletion();
            }
            // the action channel goes on
            assertEquals(10, PluginRunnerTest.ok(kafka, community, "tutorial", "times-two", "{\"value\": 5}")
                    .path("result").asInt());
            for (String topic : List.of(Topics.ACTION_REQUESTS, Topics.WEBHOOKS_INBOUND, Topics.PROCESS_COMMANDS)) {
                ConsumerRecord<String, String> letter = kafka.consumeStrings()
                        .fromTopics(topic + Topics.DLQ_SUFFIX, 1, Duration.ofSeconds(30)).awaitCompletion()
                        .getRecords().get(0);
                assertEquals("{not json on " + topic, letter.value());
                assertEquals(topic, header(letter, "dead-letter-topic"));
                assertEquals(community, header(letter, "dead-letter-key"));
                assertEquals(topic + "-" + header(letter, "dead-letter-partition") + "@"
                        + header(letter, "dead-letter-offset"), letter.key());
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
