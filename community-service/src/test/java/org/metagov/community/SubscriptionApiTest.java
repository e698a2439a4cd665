package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.events.DriverSubscription;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.Caller;
import org.metagov.events.secrets.SecretSealer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Drivers' event subscriptions as a driver manages them, and what the dispatcher reads on the subscriptions topic. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SubscriptionApiTest {

    /** A public address literal: the policy passes it without DNS; nothing is ever sent to it here. */
    private static final String RECEIVER = "https://93.184.215.14/events";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "metagov.secrets.key")
    String secretsKey;

    @Test
    void aDriverCreatesReadsRotatesAndDeletesASubscriptionWhoseSecretNeverShowsAgain() {
        community("subs-own");
        JsonPath created = given().contentType(ContentType.JSON)
                .body("{\"url\": \"" + RECEIVER + "\", \"communities\": [\"subs-own\"], "
                        + "\"event_types\": [\"slack.*\", \"discourse.post_created\"]}")
                .post("/api/internal/subscriptions").then().statusCode(201)
                .header("Location", startsWith("/api/internal/subscriptions/sub_"))
                .body("id", startsWith("sub_")).body("secret", startsWith("whsec_"))
                .body("url", equalTo(RECEIVER)).body("communities", equalTo(List.of("subs-own")))
                .body("event_types", equalTo(List.of("slack.*", "discourse.post_created"))).extract().jsonPath();
        String id = created.getString("id");
        String secret = created.getString("secret");

        given().get("/api/internal/subscriptions/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("$", not(org.hamcrest.Matchers.hasKey("secret")))
                .body("previous_secret_valid_until", nullValue());
        given().get("/api/internal/subscriptions").then().statusCode(200).body("items.id", hasItem(id))
                .body("items.secret", not(hasItem(notNullValue())));

        // on the topic the secret is sealed, bound to this subscription
        SecretSealer sealer = new SecretSealer(secretsKey);
        DriverSubscription record = await().atMost(Duration.ofSeconds(30)).until(() -> latest(id), Optional::isPresent)
                .orElseThrow();
        assertEquals("local", record.driver());
        assertEquals(List.of("subs-own"), record.communities());
        assertEquals(1, record.secrets().size());
        assertFalse(EventJson.write(record).contains(secret.substring(6)), "no secret in clear on the topic");
        assertEquals(secret, sealer.open(record.secrets().get(0).sealed(), id));

        // rotation: the new secret first, the old one beside it for a while
        String rotated = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        given().contentType(ContentType.JSON).body("{\"secret\": \"" + rotated + "\", \"event_types\": []}")
                .patch("/api/internal/subscriptions/" + id).then().statusCode(200)
                .body("event_types", hasSize(0)).body("previous_secret_valid_until", notNullValue())
                .body("$", not(org.hamcrest.Matchers.hasKey("secret")));
        DriverSubscription after = await().atMost(Duration.ofSeconds(30))
                .until(() -> latest(id), r -> r.isPresent() && r.get().version() > record.version()).orElseThrow();
        assertEquals(2, after.secrets().size());
        assertEquals(rotated, sealer.open(after.secrets().get(0).sealed(), id));
        assertNull(after.secrets().get(0).validUntil());
        assertEquals(secret, sealer.open(after.secrets().get(1).sealed(), id));
        assertNotEquals(null, after.secrets().get(1).validUntil());

        given().delete("/api/internal/subscriptions/" + id).then().statusCode(204);
        given().get("/api/internal/subscriptions/" + id).then().statusCode(404).body("error", equalTo("not_found"));
        given().delete("/api/internal/subscriptions/" + id).then().statusCode(404);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<ConsumerRecord<String, String>> records = records(id);
            return !records.isEmpty() && records.get(records.size() - 1).value() == null;
        });
    }

    @Test
    void anotherDriversSubscriptionAndCommunityAreUnknownToIt() {
        community("subs-of-local");
        String id = given().contentType(ContentType.JSON).body("{\"url\": \"" + RECEIVER + "\"}")
                .post("/api/internal/subscriptions").then().statusCode(201).extract().path("id");
        Caller other = new Caller("drv_other", false);
        Drivers.as(other).get("/api/internal/subscriptions/" + id).then().statusCode(404);
        Drivers.as(other).contentType(ContentType.JSON).body("{\"url\": \"" + RECEIVER + "\"}")
                .patch("/api/internal/subscriptions/" + id).then().statusCode(404);
        Drivers.as(other).delete("/api/internal/subscriptions/" + id).then().statusCode(404);
        Drivers.as(other).get("/api/internal/subscriptions").then().statusCode(200).body("items.id", not(hasItem(id)));
        // a community of another driver reads as an unknown one
        for (String slug : List.of("subs-of-local", "subs-no-such-community")) {
            Drivers.as(other).contentType(ContentType.JSON)
                    .body("{\"url\": \"" + RECEIVER + "\", \"communities\": [\"" + slug + "\"]}")
                    .post("/api/internal/subscriptions").then().statusCode(404).body("error", equalTo("not_found"))
                    .body("message", equalTo("No community " + slug));
        }
        given().contentType(ContentType.JSON).body("{\"communities\": [\"subs-no-such-community\"]}")
                .patch("/api/internal/subscriptions/" + id).then().statusCode(404);
        given().get("/api/internal/subscriptions/" + id).then().statusCode(200);
    }

    @Test
    void mistakesAreJson4xxs() {
        for (String body : List.of("", "[]", "{", "{}", "{\"url\": 5}", "{\"uri\": \"" + RECEIVER + "\"}",
                "{\"url\": \"" + RECEIVER + "\", \"secret\": \"short\"}",
                "{\"url\": \"" + RECEIVER + "\", \"secret\": \"whsec_not base64 at all!!\"}",
                "{\"url\": \"" + RECEIVER + "\", \"communities\": \"c\"}",
                "{\"url\": \"" + RECEIVER + "\", \"communities\": [\"no spaces\"]}",
                "{\"url\": \"" + RECEIVER + "\", \"event_types\": [5]}")) {
            given().contentType(ContentType.JSON).body(body).post("/api/internal/subscriptions").then()
                    .statusCode(400).body("error", notNullValue()).body("message", notNullValue());
        }
        for (String glob : List.of("slack", "*.message", "slack.mess*", "a.b.c")) {
            given().contentType(ContentType.JSON).body("{\"url\": \"" + RECEIVER + "\", \"event_types\": [\"" + glob
                    + "\"]}").post("/api/internal/subscriptions").then().statusCode(400)
                    .body("error", equalTo("invalid_filter"));
        }
        for (String url : List.of("http://127.0.0.1:9/events", "http://169.254.169.254/latest", "http://10.0.0.5/x",
                "ftp://93.184.215.14/x", "https://user:pw@93.184.215.14/x")) {
            given().contentType(ContentType.JSON).body("{\"url\": \"" + url + "\"}").post("/api/internal/subscriptions")
                    .then().statusCode(400).body("error", equalTo("url_refused"));
        }
        given().contentType(ContentType.JSON).body("{}").patch("/api/internal/subscriptions/sub_none").then()
                .statusCode(400);
        given().contentType(ContentType.JSON).body("{\"url\": \"" + RECEIVER + "\"}")
                .patch("/api/internal/subscriptions/sub_none").then().statusCode(404);
        for (String limit : List.of("0", "201", "x")) {
            given().queryParam("limit", limit).get("/api/internal/subscriptions").then().statusCode(400);
        }
        given().queryParam("cursor", "garbage!").get("/api/internal/subscriptions").then().statusCode(400);
    }

    @Test
    void aDriverPastItsLimitGetsA409AndPagesThroughItsOwn() {
        Caller limited = new Caller("drv_limited", false);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) { // %test max-per-driver is 3
            ids.add(Drivers.as(limited).contentType(ContentType.JSON).body("{\"url\": \"" + RECEIVER + "/" + i + "\"}")
                    .post("/api/internal/subscriptions").then().statusCode(201).extract().path("id"));
        }
        Drivers.as(limited).contentType(ContentType.JSON).body("{\"url\": \"" + RECEIVER + "\"}")
                .post("/api/internal/subscriptions").then().statusCode(409).body("error", equalTo("limit_reached"));
        JsonPath first = Drivers.as(limited).queryParam("limit", 2).get("/api/internal/subscriptions").then()
                .statusCode(200).body("items", hasSize(2)).body("next", notNullValue()).extract().jsonPath();
        assertEquals(List.of(ids.get(2), ids.get(1)), first.getList("items.id"));
        Drivers.as(limited).queryParam("limit", 2).queryParam("cursor", first.getString("next"))
                .get("/api/internal/subscriptions").then().statusCode(200)
                .body("items.id", equalTo(List.of(ids.get(0)))).body("next", nullValue());
        // one freed, one more allowed
        Drivers.as(limited).delete("/api/internal/subscriptions/" + ids.get(0)).then().statusCode(204);
        Drivers.as(limited).contentType(ContentType.JSON).body("{\"url\": \"" + RECEIVER + "\"}")
                .post("/api/internal/subscriptions").then().statusCode(201);
    }

    private static void community(String slug) {
        given().contentType(ContentType.JSON).body("{\"plugins\": []}").put("/api/internal/community/" + slug)
                .then().statusCode(org.hamcrest.Matchers.either(equalTo(201)).or(equalTo(200)));
    }

    private Optional<DriverSubscription> latest(String id) {
        List<ConsumerRecord<String, String>> records = records(id);
        if (records.isEmpty() || records.get(records.size() - 1).value() == null) {
            return Optional.empty();
        }
        return Optional.of(EventJson.read(records.get(records.size() - 1).value(), DriverSubscription.class));
    }

    private List<ConsumerRecord<String, String>> records(String id) {
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            return kafka.consumeStrings().fromTopics(Topics.SUBSCRIPTIONS, Duration.ofSeconds(2)).awaitCompletion()
                    .getRecords().stream().filter(r -> id.equals(r.key())).toList();
        }
    }
}
