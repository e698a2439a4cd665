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

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.ActionReply;
import org.metagov.events.CommunityState;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.Topics;
import org.metagov.events.WebhookAnswer;
import org.metagov.events.process.ProcessCommand;
import org.metagov.events.process.ProcessUpdate;
import org.metagov.sdk.Json;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Plays the gateway holding a platform's request open: hooks with {@code answerBy} on webhooks-inbound, answers read
 * from action-replies by hook id, as the gateway reads them.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AnsweringHooksTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaCompanion kafka;
    ConsumerTask<String, String> replies;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrap);
        replies = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + UUID.randomUUID()).fromTopics(Topics.ACTION_REPLIES);
    }

    @AfterEach
    void disconnect() {
        replies.stop();
        kafka.close();
    }

    @Test
    void aPingIsAnsweredWithoutAnyInstanceAndABadSignatureIs401() {
        InboundWebhook ping = hook(null, "good", "{\"type\": \"ping\"}");
        InboundWebhook forged = hook(null, "bad", "{\"type\": \"ping\"}");
        send(ping);
        send(forged);

        WebhookAnswer pong = answerTo(ping);
        assertEquals(200, pong.status());
        assertEquals("application/json", pong.contentType());
        assertEquals(Json.object().put("type", 1).put("instance", false), json(pong));

        WebhookAnswer refused = answerTo(forged);
        assertEquals(401, refused.status());
        assertEquals("unauthorized", json(refused).path("error").asText());
    }

    @Test
    void aHookOfAnEnabledInstanceIsAnsweredAfterItsEventIsDurable() {
        String community = "ans-" + UUID.randomUUID();
        ConsumerTask<String, String> events = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + UUID.randomUUID()).fromTopics(Topics.DRIVER_EVENTS);
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(PluginRunnerTest.instance(
                UUID.randomUUID().toString(), "answerer", "{}")), 1, Instant.now()));

        InboundWebhook hook = hook(community, "good", "{\"text\": \"hello\"}");
        send(hook);
        WebhookAnswer answer = answerTo(hook);
        assertEquals(200, answer.status());
        assertEquals(community, json(answer).path("community").asText());
        // answered only once its event was acknowledged: it is on the topic
        await().atMost(Duration.ofSeconds(10)).until(() -> events.getRecords().stream()
                .map(r -> EventJson.read(r.value(), DriverEvent.class))
                .anyMatch(e -> community.equals(e.community()) && "answered".equals(e.eventType())));
        events.stop();
    }

    @Test
    void aPendingProcessAnswersTheClickInsteadOfTheReceiver() {
        String community = "click-" + UUID.randomUUID();
        ConsumerTask<String, String> updates = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + UUID.randomUUID()).fromTopics(Topics.PROCESS_UPDATES);
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(PluginRunnerTest.instance(
                UUID.randomUUID().toString(), "answerer", "{}")), 1, Instant.now()));
        String processId = "proc-" + UUID.randomUUID();
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PROCESS_COMMANDS, processId, EventJson.write(
                new ProcessCommand(ProcessCommand.startId(processId), ProcessCommand.Type.START, processId, community,
                        "answerer", "click-vote", Json.object(), null, Instant.now())))).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).until(() -> updates.getRecords().stream()
                .map(r -> EventJson.read(r.value(), ProcessUpdate.class))
                .anyMatch(u -> processId.equals(u.processId()) && ProcessUpdate.PENDING.equals(u.status())));

        InboundWebhook click = hook(community, "good", "{\"type\": \"click\"}");
        send(click);
        WebhookAnswer answer = answerTo(click);
        assertEquals(Json.object().put("type", 7).put("clicks", 1), json(answer));

        InboundWebhook forgedClick = hook(community, "bad", "{\"type\": \"click\"}");
        send(forgedClick);
        assertEquals(401, answerTo(forgedClick).status());
        InboundWebhook second = hook(community, "good", "{\"type\": \"click\"}");
        send(second);
        // the forged click counted nothing
        assertEquals(2, json(answerTo(second)).path("clicks").asInt());
        updates.stop();
    }

    @Test
    void aHookNoLongerAwaitedIsHandledButNotAnswered() {
        InboundWebhook late = new InboundWebhook(UUID.randomUUID().toString(), null, "answerer", "POST",
                "/api/hooks/answerer", "", Map.of("X-Test-Signature", List.of("good")),
                "{\"type\": \"ping\"}".getBytes(StandardCharsets.UTF_8), Instant.now(), null, null,
                Instant.now().minusSeconds(1));
        InboundWebhook after = hook(null, "good", "{\"type\": \"ping\"}");
        send(late);
        send(after); // same partition (keyed by plugin): handled after the late one
        answerTo(after);
        assertTrue(replies.getRecords().stream().map(r -> EventJson.read(r.value(), ActionReply.class))
                .noneMatch(r -> late.id().equals(r.requestId())), "nobody waits for it any more");
    }

    private static InboundWebhook hook(String community, String signature, String body) {
        return new InboundWebhook(UUID.randomUUID().toString(), community, "answerer", "POST",
                community == null ? "/api/hooks/answerer" : "/api/hooks/" + community + "/answerer", "",
                Map.of("X-Test-Signature", List.of(signature), "Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8), Instant.now(), null, null,
                Instant.now().plusSeconds(30));
    }

    private void send(InboundWebhook hook) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.WEBHOOKS_INBOUND,
                hook.community() == null ? hook.plugin() : hook.community(), EventJson.write(hook))).awaitCompletion();
    }

    private WebhookAnswer answerTo(InboundWebhook hook) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> replies.getRecords().stream()
                .map(r -> EventJson.read(r.value(), ActionReply.class))
                .filter(r -> hook.id().equals(r.requestId())).map(WebhookAnswer::of).findFirst().orElse(null),
                a -> a != null);
    }

    private static JsonNode json(WebhookAnswer answer) {
        return EventJson.read(new String(answer.body(), StandardCharsets.UTF_8), JsonNode.class);
    }
}
