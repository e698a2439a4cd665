package org.metagov.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import org.metagov.events.ActionReply;
import org.metagov.events.ActionReply.Outcome;
import org.metagov.events.ActionRequest;
import org.metagov.events.CommunityState;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.PluginInstanceState;
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

/**
 * Two instances of one plugin in one community (upstream Metagov #50), as community-service publishes them: each
 * has its own state; actions, processes and community hooks reach the one the caller names by its
 * community_platform_id or hook slug; a call naming none where two could be meant is refused with the choices.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SeveralInstancesTest {

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
    void eachInstanceHasItsOwnStateAndActionsReachTheOneTheirPlatformIdNames() {
        String community = "two-" + UUID.randomUUID();
        PluginInstanceState r1 = instance("randomness", "{}", "R1", "hook-r1");
        PluginInstanceState r2 = instance("randomness", "{}", "R2", "hook-r2");
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(r1, r2), 1,
                Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> call(community, "get-lucky-number", "{}", "R2").outcome()
                == Outcome.OK);

        assertEquals(Outcome.OK, call(community, "set-lucky-number", "{\"lucky_number\": 7}", "R1").outcome());
        assertEquals(Outcome.OK, call(community, "set-lucky-number", "{\"lucky_number\": 9}", "R2").outcome());
        assertEquals(7, call(community, "get-lucky-number", "{}", "R1").result().path("lucky_number").asInt());
        assertEquals(9, call(community, "get-lucky-number", "{}", "R2").result().path("lucky_number").asInt());

        ActionReply ambiguous = call(community, "get-lucky-number", "{}", null);
        assertEquals(Outcome.REJECTED, ambiguous.outcome());
        assertTrue(ambiguous.message().contains("has 2 instances") && ambiguous.message().contains("R1, R2"),
                ambiguous.message());
        assertEquals(List.of("community_platform_id=R1", "community_platform_id=R2"),
                ambiguous.details().stream().map(d -> d.asText()).toList());
        ActionReply unknown = call(community, "get-lucky-number", "{}", "R3");
        assertEquals(Outcome.REJECTED, unknown.outcome());
        assertTrue(unknown.message().contains("no instance with community_platform_id 'R3'"), unknown.message());

        // one of them disabled: the other keeps its state, and a call naming none is the only one's again
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(r2), 2, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> call(community, "get-lucky-number", "{}", null).outcome()
                == Outcome.OK);
        assertEquals(9, call(community, "get-lucky-number", "{}", null).result().path("lucky_number").asInt());
    }

    @Test
    void communityHooksReachTheInstanceTheirSlugNamesAndDriverEventsSayWhichInstance() {
        String community = "hooks-" + UUID.randomUUID();
        ConsumerTask<String, String> events = topic(Topics.DRIVER_EVENTS);
        ConsumerTask<String, String> updates = topic(Topics.PROCESS_UPDATES);
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(
                instance("tutorial", "{\"api_key\": \"k1\"}", "T1", "slug-one"),
                instance("tutorial", "{\"api_key\": \"k2\", \"webhook_slug\": \"configured-two\"}", "T2", "slug-two")),
                1, Instant.now()));
        // a process in each instance, and one that names neither
        String inOne = start(community, "T1");
        String inTwo = start(community, "T2");
        String inNeither = start(community, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(updates, inOne, ProcessUpdate.PENDING)
                && status(updates, inTwo, ProcessUpdate.PENDING) && last(updates, inNeither) != null);
        assertTrue(last(updates, inNeither).completed());
        assertTrue(last(updates, inNeither).errors().path("message").asText().contains("choose one"),
                last(updates, inNeither).errors().toString());

        // by the generated slug of T1, and by the configured one of T2 (which stands in for its generated one)
        hook(community, "slug-one", "{\"data\": {\"n\": 1}}");
        hook(community, "configured-two", "{\"data\": {\"n\": 2}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(events, community).size() == 2);
        Map<Integer, String> byN = new java.util.HashMap<>();
        eventsOf(events, community).forEach(e -> byN.put(e.data().path("n").asInt(), e.communityPlatformId()));
        assertEquals(Map.of(1, "T1", 2, "T2"), byN);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                last(updates, inOne).outcome().path("webhooks_received").asInt() == 1
                        && last(updates, inTwo).outcome().path("webhooks_received").asInt() == 1);

        // the bare URL names no instance: the tutorial plugin accepts it in each (acceptsCommunityWebhook's default)
        hook(community, null, "{\"data\": {\"n\": 3}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(events, community).size() == 4);
        assertEquals(List.of("T1", "T2"), eventsOf(events, community).stream().filter(e -> e.data().path("n").asInt()
                == 3).map(DriverEvent::communityPlatformId).sorted().toList());
        events.stop();
        updates.stop();
    }

    private static PluginInstanceState instance(String plugin, String config, String platformId, String hookSlug) {
        try {
            return new PluginInstanceState(UUID.randomUUID().toString(), plugin, Json.MAPPER.readTree(config),
                    1 + new java.util.Random().nextInt(1_000_000), platformId, hookSlug);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ActionReply call(String community, String action, String params, String platformId) {
        String id = UUID.randomUUID().toString();
        ActionRequest request;
        try {
            request = new ActionRequest(id, community, "randomness", action, Json.MAPPER.readTree(params),
                    Instant.now().plusSeconds(30), platformId);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        ConsumerTask<String, String> replies = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + id).fromTopics(Topics.ACTION_REPLIES);
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ACTION_REQUESTS, community,
                EventJson.write(request))).awaitCompletion();
        ActionReply[] found = new ActionReply[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            replies.getRecords().stream().map(r -> EventJson.read(r.value(), ActionReply.class))
                    .filter(r -> r.requestId().equals(id)).findFirst().ifPresent(r -> found[0] = r);
            return found[0] != null;
        });
        replies.stop();
        return found[0];
    }

    private String start(String community, String platformId) {
        String processId = "proc-" + UUID.randomUUID();
        ProcessCommand start = new ProcessCommand(ProcessCommand.startId(processId), ProcessCommand.Type.START,
                processId, community, "tutorial", "my-gov-process", Json.object().put("title", "Lunch?"), null,
                Instant.now(), platformId);
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PROCESS_COMMANDS, processId,
                EventJson.write(start))).awaitCompletion();
        return processId;
    }

    private void hook(String community, String slug, String body) {
        InboundWebhook hook = new InboundWebhook(UUID.randomUUID().toString(), community, "tutorial", "POST",
                "/api/hooks/" + community + "/tutorial" + (slug == null ? "" : "/" + slug), "",
                Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8),
                Instant.now(), null, slug, null);
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.WEBHOOKS_INBOUND, community,
                EventJson.write(hook))).awaitCompletion();
    }

    private ConsumerTask<String, String> topic(String name) {
        return kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + UUID.randomUUID()).fromTopics(name);
    }

    private static List<DriverEvent> eventsOf(ConsumerTask<String, String> events, String community) {
        return events.getRecords().stream().filter(r -> community.equals(r.key()))
                .map(r -> EventJson.read(r.value(), DriverEvent.class)).toList();
    }

    private static boolean status(ConsumerTask<String, String> updates, String processId, String status) {
        ProcessUpdate last = last(updates, processId);
        return last != null && status.equals(last.status());
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
}
