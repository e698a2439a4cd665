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

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Plays the gateway (raw hooks on webhooks-inbound) and reads what the driver would get from driver-events. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ListenersTest {

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
    void theTutorialReceiverTurnsAPostIntoTheSeedsEvent() {
        String community = "c-" + UUID.randomUUID();
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(PluginRunnerTest.instance(
                UUID.randomUUID().toString(), "tutorial", "{\"api_key\": \"k\"}")), 1, Instant.now()));
        ConsumerTask<String, String> events = driverEvents(kafka);

        // the runner may see the hook before the community record: post until the event shows up
        DriverEvent event = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            hook(kafka, community, "tutorial", Map.of("Content-Type", List.of("application/json")),
                    "{\"account\": \"alice\", \"data\": {\"title\": \"Hello\"}}");
            return find(events, community, "post_created");
        }, e -> e != null);

        assertEquals("tutorial", event.source());
        assertEquals("Hello", event.data().path("title").asText());
        assertEquals("alice", event.initiator().path("user_id").asText());
        assertEquals("identity-provider-key", event.initiator().path("provider").asText());
        events.stop();
    }

    @Test
    void aHookHandledTwiceGivesTheDriverTheSameEventIdTwice() {
        String community = "again-" + UUID.randomUUID();
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(PluginRunnerTest.instance(
                UUID.randomUUID().toString(), "tutorial", "{\"api_key\": \"k\"}")), 1, Instant.now()));
        ConsumerTask<String, String> events = driverEvents(kafka);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            hook(kafka, community, "tutorial", Map.of(), "{\"account\": \"a\", \"data\": {\"warm\": true}}");
            return find(events, community, "post_created") != null;
        });

        // as after a crash between publishing and committing: the very same hook record once more
        InboundWebhook hook = new InboundWebhook(UUID.randomUUID().toString(), community, "tutorial", "POST",
                "/api/hooks/" + community + "/tutorial", "", Map.of(),
                "{\"account\": \"a\", \"data\": {\"n\": 1}}".getBytes(StandardCharsets.UTF_8), Instant.now());
        for (int i = 0; i < 2; i++) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.WEBHOOKS_INBOUND, community,
                    EventJson.write(hook))).awaitCompletion();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> numbered(events, community).size() == 2);
        List<DriverEvent> twice = numbered(events, community);
        assertEquals(twice.get(0).id(), twice.get(1).id());
        events.stop();
    }

    private static List<DriverEvent> numbered(ConsumerTask<String, String> events, String community) {
        return events.getRecords().stream().map(r -> EventJson.read(r.value(), DriverEvent.class))
                .filter(e -> community.equals(e.community()) && e.data().has("n")).toList();
    }

    @Test
    void platformWideGitHubHooksReachTheInstallationsCommunityOnlyWhenSigned() throws Exception {
        String community = "gh-" + UUID.randomUUID();
        String installation = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000));
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(PluginRunnerTest.instance(
                UUID.randomUUID().toString(), "github",
                "{\"installation_id\": \"" + installation + "\", \"webhook_secret\": \"test-github-app-secret\"}")), 1, Instant.now()));
        ConsumerTask<String, String> events = driverEvents(kafka);

        String forged = issue(installation, "forged");
        String genuine = issue(installation, "genuine");
        DriverEvent event = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            // both keyed by plugin: the forged one is always handled first
            hook(kafka, null, "github", gitHubHeaders("issues", "sha256=" + "0".repeat(64)), forged);
            hook(kafka, null, "github", gitHubHeaders("issues", "sha256=" + hmac("test-github-app-secret", genuine)),
                    genuine);
            return find(events, community, "opened issues");
        }, e -> e != null);

        assertEquals("github", event.source());
        assertEquals("octocat-id", event.initiator().path("user_id").asText());
        assertTrue(events.getRecords().stream().map(r -> EventJson.read(r.value(), DriverEvent.class))
                .filter(e -> community.equals(e.community()))
                .noneMatch(e -> "forged".equals(e.data().path("issue").path("title").asText())),
                "a hook with a bad signature emits nothing");
        events.stop();
    }

    @Test
    void aPollingTaskRunsEveryIntervalAndSurvivesAFailedRun() {
        String community = "t-" + UUID.randomUUID();
        ConsumerTask<String, String> events = driverEvents(kafka);
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(PluginRunnerTest.instance(
                UUID.randomUUID().toString(), "ticker", "{}")), 1, Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> ticks(events, community).size() >= 3);
        List<DriverEvent> ticks = ticks(events, community);
        // run 2 failed: the next interval ran anyway, and nothing ran twice
        assertEquals(List.of(1, 3, 4), ticks.stream().limit(3).map(e -> e.data().path("run").asInt()).toList());
        long gap = ticks.get(1).data().path("at").asLong() - ticks.get(0).data().path("at").asLong();
        assertTrue(gap >= 1_500, "two intervals between run 1 and run 3, was " + gap + " ms");
        events.stop();
    }

    private static List<DriverEvent> ticks(ConsumerTask<String, String> events, String community) {
        return events.getRecords().stream().filter(r -> community.equals(r.key()))
                .map(r -> EventJson.read(r.value(), DriverEvent.class))
                .filter(e -> "tick".equals(e.eventType())).toList();
    }

    private static ConsumerTask<String, String> driverEvents(KafkaCompanion kafka) {
        return kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + UUID.randomUUID()).fromTopics(Topics.DRIVER_EVENTS);
    }

    private static DriverEvent find(ConsumerTask<String, String> events, String community, String type) {
        for (ConsumerRecord<String, String> r : events.getRecords()) {
            DriverEvent e = EventJson.read(r.value(), DriverEvent.class);
            if (community.equals(e.community()) && type.equals(e.eventType())) {
                return e;
            }
        }
        return null;
    }

    private static void hook(KafkaCompanion kafka, String community, String plugin, Map<String, List<String>> headers,
            String body) {
        InboundWebhook hook = new InboundWebhook(UUID.randomUUID().toString(), community, plugin, "POST",
                community == null ? "/api/hooks/" + plugin : "/api/hooks/" + community + "/" + plugin, "", headers,
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.WEBHOOKS_INBOUND,
                community == null ? plugin : community, EventJson.write(hook))).awaitCompletion();
    }

    private static String issue(String installation, String title) {
        return "{\"action\": \"opened\", \"installation\": {\"id\": " + installation + "}, "
                + "\"issue\": {\"title\": \"" + title + "\"}, \"sender\": {\"login\": \"octocat\", \"id\": \"octocat-id\"}}";
    }

    private static Map<String, List<String>> gitHubHeaders(String event, String signature) {
        return Map.of("Content-Type", List.of("application/json"), "X-GitHub-Event", List.of(event),
                "X-Hub-Signature-256", List.of(signature));
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(body.getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
