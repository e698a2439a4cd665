package org.metagov.community;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.events.DriverAccount;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.Caller;
import org.metagov.events.secrets.SecretSealer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Each driver's own callback secret: shown once at creation and at each rotation, sealed on the drivers topic. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DriverCallbackSecretTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "metagov.secrets.key")
    String secretsKey;

    @Test
    void aDriversCallbackSecretIsShownOnceSealedOnTheTopicAndRotatable() {
        var created = Drivers.asAdmin().contentType("application/json").body("{\"name\": \"callbacks\"}")
                .post("/api/internal/drivers").then().statusCode(201).body("callback_secret", startsWith("whsec_"))
                .body("has_callback_secret", equalTo(true)).extract().jsonPath();
        String id = created.getString("id");
        String secret = created.getString("callback_secret");
        Drivers.asAdmin().get("/api/internal/drivers/" + id).then().statusCode(200)
                .body("$", not(hasKey("callback_secret"))).body("has_callback_secret", equalTo(true));

        SecretSealer sealer = new SecretSealer(secretsKey);
        DriverAccount account = await().atMost(Duration.ofSeconds(30)).until(() -> latest(id), Optional::isPresent)
                .orElseThrow();
        assertFalse(EventJson.write(account).contains(secret.substring(6)), "no secret in clear on the topic");
        assertEquals(secret, sealer.open(account.callbackSecret(), id));

        String rotated = Drivers.asAdmin().post("/api/internal/drivers/" + id + "/callback-secret").then()
                .statusCode(201).body("id", equalTo(id)).body("callback_secret", startsWith("whsec_")).extract()
                .path("callback_secret");
        assertNotEquals(secret, rotated);
        await().atMost(Duration.ofSeconds(30)).until(() -> latest(id)
                .map(a -> rotated.equals(sealer.open(a.callbackSecret(), id))).orElse(false));

        Drivers.as(new Caller(id, false)).post("/api/internal/drivers/" + id + "/callback-secret").then()
                .statusCode(403);
        Drivers.asAdmin().post("/api/internal/drivers/drv_none/callback-secret").then().statusCode(404);
    }

    private Optional<DriverAccount> latest(String id) {
        List<ConsumerRecord<String, String>> records;
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            records = kafka.consumeStrings().fromTopics(Topics.DRIVERS, Duration.ofSeconds(2)).awaitCompletion()
                    .getRecords().stream().filter(r -> id.equals(r.key())).toList();
        }
        if (records.isEmpty() || records.get(records.size() - 1).value() == null) {
            return Optional.empty();
        }
        return Optional.of(EventJson.read(records.get(records.size() - 1).value(), DriverAccount.class));
    }
}
