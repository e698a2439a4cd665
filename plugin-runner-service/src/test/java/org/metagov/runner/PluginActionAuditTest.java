package org.metagov.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.events.AuditEntry;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.sdk.Json;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.testing.TopicContents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * (Named to run after CatchUpTest: that test's resource uses KafkaCompanion before Quarkus starts, which fails once
 * another Quarkus test has run in the JVM.) Every action the runner runs is on the audit topic with the driver and trace id the gateway put on the request,
 * its outcome, and nothing of the plugin's config secrets, the parameters or the result.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class PluginActionAuditTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrap);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void anActionIsAuditedWithItsDriverAndNoSecret() throws Exception {
        String community = "audit-" + UUID.randomUUID();
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(PluginRunnerTest
                .instance(UUID.randomUUID().toString(), "tutorial", "{\"api_key\": \"TOPSECRET-KEY\", \"foo\": \"bar\"}")),
                1, Instant.now()));

        String trace = "5b8aa5a2d2c872e8321cf37308d69df2";
        String[] requestId = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            requestId[0] = UUID.randomUUID().toString();
            return reply(community, requestId[0], trace).outcome() == ActionReply.Outcome.OK;
        });

        AuditEntry entry = await().atMost(Duration.ofSeconds(30)).until(() -> entryOf(requestId[0]),
                Optional::isPresent).orElseThrow();
        assertEquals(community, entry.community());
        assertEquals("drv_a", entry.driver());
        assertEquals(trace, entry.traceId());
        assertEquals("tutorial.times-two", entry.subject());
        assertEquals("OK", entry.details().path("outcome").asText());
        String topic = TopicContents.read(bootstrap, Topics.AUDIT).toString();
        assertFalse(topic.contains("TOPSECRET-KEY"), "the audit topic holds the plugin's secret");
        assertFalse(topic.contains("212121"), "the audit topic holds an action's parameters");
        assertFalse(topic.contains("424242"), "the audit topic holds an action's result");
    }

    private ActionReply reply(String community, String id, String trace) throws Exception {
        ActionRequest request = new ActionRequest(id, community, "tutorial", "times-two",
                Json.MAPPER.readTree("{\"value\": 212121}"), Instant.now().plusSeconds(30));
        var consumer = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST).withGroupId("test-" + id)
                .fromTopics(Topics.ACTION_REPLIES);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ACTION_REQUESTS, community,
                EventJson.write(request));
        record.headers().add(AuditEntry.DRIVER_HEADER, "drv_a".getBytes(StandardCharsets.UTF_8));
        record.headers().add(AuditEntry.TRACE_ID_HEADER, trace.getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion();
        ActionReply[] found = new ActionReply[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.getRecords().stream().map(r -> EventJson.read(r.value(), ActionReply.class))
                    .filter(r -> r.requestId().equals(id)).findFirst().ifPresent(r -> found[0] = r);
            return found[0] != null;
        });
        consumer.stop();
        return found[0];
    }

    private Optional<AuditEntry> entryOf(String requestId) {
        return TopicContents.read(bootstrap, Topics.AUDIT).stream().map(r -> EventJson.read(r.value(), AuditEntry.class))
                .filter(e -> requestId.equals(e.details().path("request_id").asText())).findFirst();
    }
}
