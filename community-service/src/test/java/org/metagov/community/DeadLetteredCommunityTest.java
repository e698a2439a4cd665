package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.testing.TopicContents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A record the relay cannot send although the write check let it through (here: a producer limit set lower than
 * the topic's, as a misconfiguration would): it is dead-lettered, its community flagged, its later changes held,
 * the service not ready; other communities go on; deleting the dead letter releases the held change.
 */
@QuarkusTest
@TestProfile(DeadLetteredCommunityTest.SmallProducerLimit.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DeadLetteredCommunityTest {

    public static class SmallProducerLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.communities-out.max.request.size", "65536");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Pool pool;

    KafkaCompanion kafka;

    @BeforeEach
    void publishCatalog() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", Catalog.TUTORIAL))
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void aRecordThatCannotBeSentIsDeadLetteredItsCommunityHeldAndOthersGoOn() {
        given().contentType(ContentType.JSON).body(tutorial("x".repeat(100_000)))
                .put("/api/internal/community/wedged").then().statusCode(201);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503).body("checks.find { it.name == 'outbox' }.data.dead-letters", equalTo(1)));
        String flag = pool.query("SELECT delivery_failed FROM community WHERE slug = 'wedged'").execute().await()
                .indefinitely().iterator().next().getString(0);
        assertTrue(flag.startsWith("RecordTooLargeException"), flag);

        given().contentType(ContentType.JSON).body(tutorial("small")).put("/api/internal/community/wedged")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"plugins\": []}").put("/api/internal/community/unaffected")
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> keys().contains("unaffected"));
        assertTrue(!keys().contains("wedged"), "the held change waits behind its dead letter");

        pool.query("DELETE FROM outbox_dead_letter").execute().await().indefinitely(); // the operator acts
        await().atMost(Duration.ofSeconds(20)).until(() -> keys().contains("wedged"));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        assertEquals(1, TopicContents.read(bootstrap, Topics.COMMUNITIES).stream()
                .filter(r -> "wedged".equals(r.key())).count());
    }

    private List<String> keys() {
        return TopicContents.read(bootstrap, Topics.COMMUNITIES).stream().map(ConsumerRecord::key).toList();
    }

    private static String tutorial(String foo) {
        return "{\"plugins\": [{\"name\": \"tutorial\", \"config\": {\"api_key\": \"k\", \"foo\": \"" + foo + "\"}}]}";
    }
}
