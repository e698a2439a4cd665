package org.metagov.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.Topics;
import org.metagov.events.process.ProcessCommand;
import org.metagov.events.process.ProcessUpdate;
import org.metagov.sdk.Json;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Plays process-service (commands in, updates out) and the gateway (hooks) against the real runner. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ProcessesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** One companion per test, closed after it with every producer and consumer it opened. */
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
    void aPluginsHooksReachItsPendingProcessesOnceEach() {
        String community = "p-" + UUID.randomUUID();
        ConsumerTask<String, String> updates = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + UUID.randomUUID()).fromTopics(Topics.PROCESS_UPDATES);
        // the start is sent before the community: the runner waits a moment for the instance instead of failing
        String processId = "proc-" + UUID.randomUUID();
        command(kafka, new ProcessCommand(ProcessCommand.startId(processId), ProcessCommand.Type.START, processId,
                community, "tutorial", "my-gov-process", Json.object().put("title", "Lunch?"), null, Instant.now()));
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(PluginRunnerTest.instance(
                UUID.randomUUID().toString(), "tutorial", "{\"api_key\": \"k\"}")), 1, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, processId) != null
                && ProcessUpdate.PENDING.equals(last(updates, processId).status()));

        InboundWebhook hook = hook(community, "{\"text\": \"hello\"}");
        hookOnTopic(kafka, hook);
        hookOnTopic(kafka, hook); // the same hook delivered twice is handed over once
        hookOnTopic(kafka, hook(community, "{\"text\": \"again\"}"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                last(updates, processId).outcome().path("webhooks_received").asInt() == 2);

        hookOnTopic(kafka, hook(community, "{\"close\": true}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, processId).completed());
        ProcessUpdate done = last(updates, processId);
        assertEquals("custom outcome data", done.outcome().asText());
        assertTrue(updates.getRecords().stream().map(r -> EventJson.read(r.value(), ProcessUpdate.class))
                .filter(u -> processId.equals(u.processId()))
                .noneMatch(u -> u.outcome() != null && u.outcome().path("webhooks_received").asInt() > 3));
        updates.stop();
    }

    private static ProcessUpdate last(ConsumerTask<String, String> updates, String processId) {
        ProcessUpdate last = null;
        for (var r : updates.getRecords()) {
            ProcessUpdate u = EventJson.read(r.value(), ProcessUpdate.class);
            if (processId.equals(u.processId()) && (last == null || u.version() > last.version())) {
                last = u;
            }
        }
        return last;
    }

    private static InboundWebhook hook(String community, String body) {
        return new InboundWebhook(UUID.randomUUID().toString(), community, "tutorial", "POST",
                "/api/hooks/" + community + "/tutorial", "", Map.of("Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    private static void hookOnTopic(KafkaCompanion kafka, InboundWebhook hook) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.WEBHOOKS_INBOUND, hook.community(),
                EventJson.write(hook))).awaitCompletion();
    }

    private static void command(KafkaCompanion kafka, ProcessCommand command) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PROCESS_COMMANDS, command.processId(),
                EventJson.write(command))).awaitCompletion();
    }
}
