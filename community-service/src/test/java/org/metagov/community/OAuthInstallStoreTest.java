package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.Caller;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** What OAuth installs keep here: used states (once only), and an installation that belongs to one community. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class OAuthInstallStoreTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaCompanion kafka;

    @BeforeEach
    void publishCatalog() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PLUGIN_CATALOG, "github", Catalog.GITHUB))
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void aStateIsUsableOnceAndOnlyTheGatewayMarksIt() {
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String expires = Instant.now().plusSeconds(600).toString();
        Drivers.asAdmin().put("/api/internal/oauth-states/" + nonce + "?expires_at=" + expires).then().statusCode(204);
        Drivers.asAdmin().put("/api/internal/oauth-states/" + nonce + "?expires_at=" + expires).then().statusCode(409)
                .body("error", equalTo("state_replayed"));
        Drivers.as(new Caller("pk", false)).put("/api/internal/oauth-states/other?expires_at=" + expires).then()
                .statusCode(403);
        Drivers.asAdmin().put("/api/internal/oauth-states/x?expires_at=tomorrow").then().statusCode(400);
    }

    @Test
    void anInstallationClaimedByOneCommunityIsRefusedToAnother() {
        String installation = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        for (String slug : new String[] {first, second}) {
            Drivers.asAdmin().contentType(ContentType.JSON).body("{\"slug\": \"" + slug + "\"}")
                    .post("/api/internal/community").then().statusCode(201);
        }
        String config = "{\"installation_id\": \"" + installation + "\"}";
        Drivers.asAdmin().contentType(ContentType.JSON).header("X-Metagov-Community", first).body(config)
                .post("/api/internal/plugin/github").then().statusCode(201);
        Drivers.asAdmin().contentType(ContentType.JSON).header("X-Metagov-Community", second).body(config)
                .post("/api/internal/plugin/github").then().statusCode(409).body("error", equalTo("platform_id_taken"));
        // the same community enabling it again is a re-configuration, not a second claim
        Drivers.asAdmin().contentType(ContentType.JSON).header("X-Metagov-Community", first).body(config)
                .post("/api/internal/plugin/github").then().statusCode(200);
    }
}
