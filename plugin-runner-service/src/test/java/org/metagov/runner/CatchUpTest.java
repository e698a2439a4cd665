package org.metagov.runner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.RecordLimits;
import org.metagov.events.TopicInitializer;
import org.metagov.events.Topics;
import org.metagov.testing.FreePort;
import org.metagov.testing.KafkaBroker;
import org.metagov.testing.PostgresTestResource;
import org.metagov.testing.PrometheusScrape;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A runner that starts (as in a rolling update) with communities and hooks already waiting in Kafka: every hook
 * reaches the driver, none is dropped for want of an instance the runner has simply not read yet.
 */
@QuarkusTest
@WithTestResource(CatchUpTest.KafkaWithBacklog.class)
@WithTestResource(PostgresTestResource.class)
class CatchUpTest {

    static final int COMMUNITIES = 300;

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
    void hooksWaitingAtStartAllReachTheDriverOncePerHook() {
        ConsumerTask<String, String> events = driverEvents(kafka);
        await().atMost(Duration.ofSeconds(90)).until(() -> backlogEvents(events).size() >= COMMUNITIES);
        Map<String, Integer> perCommunity = new HashMap<>();
        backlogEvents(events).forEach(e -> perCommunity.merge(e.community(), 1, Integer::sum));
        assertEquals(COMMUNITIES, perCommunity.size(), "every community's hook became an event");
        perCommunity.forEach((community, count) -> assertEquals(1, count, community + " got one event"));

        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("communities"));
        events.stop();
    }

    @Test
    void aHookThatOvertakesItsCommunitysRecordWaitsForIt() {
        ConsumerTask<String, String> events = driverEvents(kafka);
        await().atMost(Duration.ofSeconds(90)).until(() -> backlogEvents(events).size() >= COMMUNITIES);
        String community = "late-" + UUID.randomUUID();
        kafka.produceStrings().fromRecords(hook(community, "overtaking")).awaitCompletion();
        // the community record does not exist yet: the runner has read the hook and holds it, waiting
        await().atMost(Duration.ofSeconds(60)).until(() -> awaitedInstances() == 1);
        kafka.produceStrings().fromRecords(community(community)).awaitCompletion();

        await().atMost(Duration.ofSeconds(20)).until(() -> events.getRecords().stream()
                .map(r -> EventJson.read(r.value(), DriverEvent.class))
                .anyMatch(e -> community.equals(e.community())
                        && "overtaking".equals(e.data().path("title").asText())));
        assertEquals(0, awaitedInstances(), "no hook is left waiting");
        events.stop();
    }

    private static double awaitedInstances() {
        return PrometheusScrape.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(),
                "metagov_instances_awaited");
    }

    private static List<DriverEvent> backlogEvents(ConsumerTask<String, String> events) {
        return events.getRecords().stream().map(r -> EventJson.read(r.value(), DriverEvent.class))
                .filter(e -> e.community().startsWith("backlog-")).toList();
    }

    private static ConsumerTask<String, String> driverEvents(KafkaCompanion kafka) {
        return kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + UUID.randomUUID()).fromTopics(Topics.DRIVER_EVENTS);
    }

    static ProducerRecord<String, String> community(String slug) {
        CommunityState state = new CommunityState(slug, slug, "", List.of(PluginRunnerTest.instance(
                UUID.randomUUID().toString(), "tutorial", "{\"api_key\": \"k\"}")), 1, Instant.now());
        return new ProducerRecord<>(Topics.COMMUNITIES, slug, EventJson.write(state));
    }

    static ProducerRecord<String, String> hook(String community, String title) {
        String body = "{\"account\": \"alice\", \"data\": {\"title\": \"" + title + "\"}}";
        InboundWebhook hook = new InboundWebhook(UUID.randomUUID().toString(), community, "tutorial", "POST",
                "/api/hooks/" + community + "/tutorial", "", Map.of(), body.getBytes(StandardCharsets.UTF_8),
                Instant.now(), 1L);
        return new ProducerRecord<>(Topics.WEBHOOKS_INBOUND, community, EventJson.write(hook));
    }

    /** A broker that already holds communities and a hook for each before the runner starts. */
    public static class KafkaWithBacklog implements QuarkusTestResourceLifecycleManager {

        private EmbeddedKafkaBroker broker;

        @Override
        public Map<String, String> start() {
            try {
                broker = KafkaBroker.start(FreePort.find(), Files.createTempDirectory("kafka-test"));
                String bootstrap = broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
                TopicInitializer.ensureTopics(Map.of("bootstrap.servers", bootstrap),
                        new TopicInitializer.Settings(true, 6, (short) 1, RecordLimits.defaults()));
                // a plain producer: before Quarkus starts (and after an earlier test's app stopped) there is no
                // context manager for the companion's Mutiny pipelines
                Map<String, Object> settings = Map.of("bootstrap.servers", bootstrap, "acks", "all",
                        "key.serializer", StringSerializer.class.getName(),
                        "value.serializer", StringSerializer.class.getName());
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
                    for (int i = 0; i < COMMUNITIES; i++) {
                        producer.send(community("backlog-" + i)).get(); // acknowledged, or the start fails
                    }
                    for (int i = 0; i < COMMUNITIES; i++) {
                        producer.send(hook("backlog-" + i, "waiting " + i)).get();
                    }
                    producer.flush();
                }
                // 300 instances start at once: their "Initialized plugin" lines would bury everything else
                // a held hook waits long enough to be seen waiting on a machine that other tests keep busy
                return Map.of("kafka.bootstrap.servers", bootstrap, "runner.hook-instance-wait", "30s",
                        "quarkus.log.category.\"org.metagov.runner.service.PluginInstances\".level", "WARN");
            } catch (Exception e) {
                throw new IllegalStateException("Could not start Kafka with a backlog", e);
            }
        }

        @Override
        public void stop() {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
