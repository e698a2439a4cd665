package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.events.secrets.SecretEnvelope;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.testing.TopicContents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Issue 13, item 5: the secrets a driver gives a plugin never travel in clear on the communities topic (read raw,
 * byte for byte, as any consumer of the topic could); the non-secret fields the gateway routes by do. A community
 * stored before sealing (its last record in clear) is published again sealed.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SealedSecretsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    KafkaCompanion kafka;

    @BeforeEach
    void publishCatalog() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", Catalog.TUTORIAL),
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "github", Catalog.GITHUB)).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void noSecretValueIsOnTheTopicInClearAndTheGatewaysFieldsAre() {
        given().contentType(ContentType.JSON).body("""
                {"plugins": [{"name": "tutorial", "config": {"api_key": "TOPIC-SECRET-ONE", "webhook_slug": "slug-1"}},
                             {"name": "github", "config": {"installation_id": "77",
                                                           "webhook_secret": "TOPIC-SECRET-TWO"}}]}""")
                .put("/api/internal/community/sealed-1").then().statusCode(201);
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "sealed-1")
                .body("{\"config\": {\"api_key\": \"TOPIC-SECRET-THREE\", \"webhook_slug\": \"slug-1\"}}")
                .post("/api/internal/plugin/tutorial").then().statusCode(200);

        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(15))
                .until(() -> last("sealed-1"), r -> r != null);
        for (ConsumerRecord<String, String> r : TopicContents.read(bootstrap, Topics.COMMUNITIES)) {
            String raw = r.value() == null ? "" : r.value();
            for (String secret : List.of("TOPIC-SECRET-ONE", "TOPIC-SECRET-TWO", "TOPIC-SECRET-THREE")) {
                assertFalse(raw.contains(secret), r.key() + " carries " + secret + " in clear: " + raw);
            }
        }
        CommunityState state = EventJson.read(record.value(), CommunityState.class);
        PluginInstanceState tutorial = state.plugin("tutorial");
        assertEquals("slug-1", tutorial.config().path("webhook_slug").asText(), "the gateway routes hooks by it");
        assertEquals("bar", tutorial.config().path("foo").asText());
        assertTrue(tutorial.config().path("api_key").isMissingNode());
        assertEquals(SealedRecords.keys().currentId(), SecretEnvelope.keyIdOf(tutorial.sealedSecrets()));
        assertEquals("77", state.plugin("github").config().path("installation_id").asText());
        // and plugin-runner, holding the key, gets every secret back
        CommunityState opened = SealedRecords.opened(state);
        assertEquals("TOPIC-SECRET-THREE", opened.plugin("tutorial").config().path("api_key").asText());
        assertEquals("TOPIC-SECRET-TWO", opened.plugin("github").config().path("webhook_secret").asText());
        assertNull(opened.plugin("tutorial").sealedSecrets());
    }

    @Test
    void aCommunityStoredBeforeSealingIsPublishedAgainSealed() throws Exception {
        // as V7 finds a community written before it: stored, its last record in clear, no key id noted
        String config = "{\"api_key\":\"OLD-CLEAR-SECRET\",\"foo\":\"bar\",\"webhook_slug\":\"old-slug\"}";
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement s = db.createStatement()) {
            s.execute("INSERT INTO community (slug, readable_name, version, created_at, updated_at, owner)"
                    + " VALUES ('before-sealing', '', 3, now(), now(), 'local')");
            s.execute("INSERT INTO plugin_instance (id, community_slug, plugin_name, config, created_at, public_id)"
                    + " VALUES ('00000000-0000-4000-8000-00000000abcd', 'before-sealing', 'tutorial', '" + config
                    + "', now(), 4242)");
        }
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.COMMUNITIES, "before-sealing",
                "{\"slug\":\"before-sealing\",\"name\":\"before-sealing\",\"readableName\":\"\",\"version\":3,"
                        + "\"plugins\":[{\"id\":\"00000000-0000-4000-8000-00000000abcd\",\"name\":\"tutorial\","
                        + "\"config\":" + config + ",\"number\":4242}]}")).awaitCompletion();

        ConsumerRecord<String, String> republished = await().atMost(Duration.ofSeconds(20))
                .until(() -> last("before-sealing"), r -> r != null && !r.value().contains("OLD-CLEAR-SECRET"));
        CommunityState state = EventJson.read(republished.value(), CommunityState.class);
        assertEquals(3, state.version(), "the same community, published again as it is");
        assertEquals("old-slug", state.plugin("tutorial").config().path("webhook_slug").asText());
        assertNotNull(state.plugin("tutorial").sealedSecrets());
        assertEquals("OLD-CLEAR-SECRET",
                SealedRecords.opened(state).plugin("tutorial").config().path("api_key").asText());
    }

    private ConsumerRecord<String, String> last(String slug) {
        ConsumerRecord<String, String> found = null;
        for (ConsumerRecord<String, String> r : TopicContents.read(bootstrap, Topics.COMMUNITIES)) {
            if (slug.equals(r.key())) {
                found = r;
            }
        }
        return found;
    }
}
