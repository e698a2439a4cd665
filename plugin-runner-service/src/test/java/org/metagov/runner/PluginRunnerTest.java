package org.metagov.runner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.ActionReply;
import org.metagov.events.ActionReply.Outcome;
import org.metagov.events.ActionRequest;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.sdk.Json;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Plays community-service (communities records) and the gateway (action requests) against the real runner. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class PluginRunnerTest {

    static FakePlatform sourcecred;
    static String sourcecredUrl;

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

    @BeforeAll
    static void startSourceCred() throws IOException {
        sourcecred = FakePlatform.start();
        try (InputStream in = PluginRunnerTest.class.getResourceAsStream("/sourcecred/accounts.json")) {
            sourcecred.respond("GET", "/instance/output/accounts.json", 200, "application/json; charset=utf-8",
                    in.readAllBytes());
        }
        sourcecredUrl = sourcecred.url() + "/instance";
    }

    @AfterAll
    static void stopSourceCred() {
        sourcecred.close();
    }

    @Test
    void publishesTheCatalogWithSchemas() {
        var consumer = kafka.consumeStrings()
                .withOffsetReset(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST)
                .fromTopics(Topics.PLUGIN_CATALOG);
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getRecords().stream().map(ConsumerRecord::key)
                .toList().containsAll(List.of("tutorial", "sourcecred", "github", "randomness", "discourse", "loomio",
                        "opencollective")));
        List<ConsumerRecord<String, String>> records = consumer.getRecords();
        consumer.stop();
        PluginDescriptor tutorial = records.stream().filter(r -> r.key().equals("tutorial"))
                .map(r -> EventJson.read(r.value(), PluginDescriptor.class)).findFirst().orElseThrow();
        assertEquals("bar", tutorial.configSchema().path("properties").path("foo").path("default").asText());
        assertEquals("number", tutorial.action("times-two").inputSchema().path("properties").path("value")
                .path("type").asText());
        PluginDescriptor sc = records.stream().filter(r -> r.key().equals("sourcecred"))
                .map(r -> EventJson.read(r.value(), PluginDescriptor.class)).findFirst().orElseThrow();
        assertTrue(sc.action("user-cred").isPublic());
        // what drivers read as auth_type and community_platform_id (@Plugin(authType, platformIdKey))
        assertEquals("api_key", tutorial.authType());
        assertEquals(null, tutorial.platformIdKey());
        assertEquals("none", sc.authType());
        assertEquals("server_url", sc.platformIdKey());
        PluginDescriptor github = records.stream().filter(r -> r.key().equals("github"))
                .map(r -> EventJson.read(r.value(), PluginDescriptor.class)).findFirst().orElseThrow();
        assertEquals("oauth", github.authType());
        assertEquals("77", github.platformIdOf(Json.object().put("installation_id", "77")));
        PluginDescriptor randomness = records.stream().filter(r -> r.key().equals("randomness"))
                .map(r -> EventJson.read(r.value(), PluginDescriptor.class)).findFirst().orElseThrow();
        assertEquals("none", randomness.authType());
        assertEquals(null, randomness.platformIdOf(Json.object().put("default_low", 1)));
        assertTrue(randomness.processes().size() > 0, "processes survive the catalog stamp");
        PluginDescriptor discourse = records.stream().filter(r -> r.key().equals("discourse"))
                .map(r -> EventJson.read(r.value(), PluginDescriptor.class)).findFirst().orElseThrow();
        assertTrue(discourse.configSchema().path("properties").path("api_key").path("writeOnly").asBoolean(),
                "the platform plugins' secrets are write-only");
        assertEquals("integer", discourse.action("lock-post").inputSchema().path("properties").path("id")
                .path("type").asText());
        assertEquals("api_key", discourse.authType());
        assertEquals("server_url", discourse.platformIdKey());
        PluginDescriptor opencollective = records.stream().filter(r -> r.key().equals("opencollective"))
                .map(r -> EventJson.read(r.value(), PluginDescriptor.class)).findFirst().orElseThrow();
        assertEquals("collective_slug", opencollective.platformIdKey());
    }

    @Test
    void runsActionsWithStateThatLivesAsLongAsTheInstance() {
        String community = "c-" + UUID.randomUUID();
        String randomnessId = UUID.randomUUID().toString();
        CommunityState v1 = new CommunityState(community, community, "", List.of(
                instance(randomnessId, "randomness", "{\"default_low\": 5, \"default_high\": 6}"),
                instance(UUID.randomUUID().toString(), "tutorial", "{\"api_key\": \"k\", \"foo\": \"bar\"}"),
                instance(UUID.randomUUID().toString(), "sourcecred", "{\"server_url\": \"" + sourcecredUrl + "\"}")),
                1, Instant.now());
        publish(kafka, v1);

        assertEquals(10, ok(kafka, community, "tutorial", "times-two", "{\"value\": 5}").path("result").asInt());
        ActionReply overflow = call(kafka, community, "tutorial", "times-two", "{\"value\": 9223372036854775807}");
        assertEquals(Outcome.REJECTED, overflow.outcome(), "a value it cannot double is the caller's mistake (400)");
        assertEquals(5, ok(kafka, community, "randomness", "random-int", "{}").path("value").asInt());
        assertEquals(4, ok(kafka, community, "randomness", "get-lucky-number", "{}").path("lucky_number").asInt());
        ok(kafka, community, "randomness", "set-lucky-number", "{\"lucky_number\": 7}");
        // the same record again (a redelivery) neither re-creates nor re-initializes
        publish(kafka, v1);
        assertEquals(7, ok(kafka, community, "randomness", "get-lucky-number", "{}").path("lucky_number").asInt());

        assertEquals(101.625, ok(kafka, community, "sourcecred", "total-cred", "{}").path("value").asDouble());
        assertEquals(83.75, ok(kafka, community, "sourcecred", "user-cred", "{\"id\": \"alice-gh\"}").path("value").asDouble());
        assertEquals(14.25, ok(kafka, community, "sourcecred", "user-cred", "{\"username\": \"bob\"}").path("value").asDouble());
        ActionReply missing = call(kafka, community, "sourcecred", "user-cred", "{}");
        assertEquals(Outcome.REJECTED, missing.outcome());
        assertEquals("Either a username or an id argument is required", missing.message());
        ActionReply badRange = call(kafka, community, "randomness", "random-int", "{\"low\": 9, \"high\": 3}");
        assertEquals(Outcome.REJECTED, badRange.outcome());

        // a new instance (a new id, as for another platform id): initialized afresh; the old ones are torn down
        CommunityState v2 = new CommunityState(community, community, "", List.of(
                instance(UUID.randomUUID().toString(), "randomness", "{}")), 2, Instant.now());
        publish(kafka, v2);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                call(kafka, community, "tutorial", "times-two", "{\"value\": 1}").outcome() == Outcome.NOT_ENABLED);
        assertEquals(4, ok(kafka, community, "randomness", "get-lucky-number", "{}").path("lucky_number").asInt());

        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.COMMUNITIES, community, null)).awaitCompletion();
        await().atMost(Duration.ofSeconds(15)).until(() ->
                call(kafka, community, "randomness", "random-int", "{}").outcome() == Outcome.NOT_ENABLED);
    }

    @Test
    void aPlatformFailureIsThePluginsFault() {
        String community = "c-" + UUID.randomUUID();
        publish(kafka, new CommunityState(community, community, "", List.of(instance(UUID.randomUUID().toString(),
                "sourcecred", "{\"server_url\": \"" + sourcecredUrl + "/missing\"}")), 1, Instant.now()));
        ActionReply[] replies = new ActionReply[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            replies[0] = call(kafka, community, "sourcecred", "total-cred", "{}");
            return replies[0].outcome() != Outcome.NOT_ENABLED;
        });
        ActionReply reply = replies[0];
        assertEquals(Outcome.FAILED, reply.outcome());
        assertTrue(reply.message().contains("accounts.json"), reply.message());
        // counted per plugin and outcome, never per URL
        given().get("/q/metrics").then().statusCode(200).body(containsString(
                "metagov_plugin_http_requests_total{outcome=\"status_4xx\",plugin=\"sourcecred\"}"));
    }

    static PluginInstanceState instance(String id, String name, String config) {
        try {
            return new PluginInstanceState(id, name, Json.MAPPER.readTree(config));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void publish(KafkaCompanion kafka, CommunityState state) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.COMMUNITIES, state.slug(), EventJson.write(state)))
                .awaitCompletion();
    }

    static JsonNode ok(KafkaCompanion kafka, String community, String plugin, String action, String params) {
        ActionReply[] reply = new ActionReply[1];
        // the first request may reach the runner before it has applied the community record
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            reply[0] = call(kafka, community, plugin, action, params);
            return reply[0].outcome() != Outcome.NOT_ENABLED;
        });
        assertEquals(Outcome.OK, reply[0].outcome(), reply[0].message());
        return reply[0].result();
    }

    static ActionReply call(KafkaCompanion kafka, String community, String plugin, String action, String params) {
        String id = UUID.randomUUID().toString();
        ActionRequest request;
        try {
            request = new ActionRequest(id, community, plugin, action, Json.MAPPER.readTree(params),
                    Instant.now().plusSeconds(30));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        var consumer = kafka.consumeStrings().withOffsetReset(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + id)
                .fromTopics(Topics.ACTION_REPLIES);
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ACTION_REQUESTS, community, EventJson.write(request)))
                .awaitCompletion();
        ActionReply[] found = new ActionReply[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.getRecords()) {
                ActionReply reply = EventJson.read(r.value(), ActionReply.class);
                if (reply.requestId().equals(id)) {
                    found[0] = reply;
                }
            }
            return found[0] != null;
        });
        consumer.stop();
        return found[0];
    }
}
