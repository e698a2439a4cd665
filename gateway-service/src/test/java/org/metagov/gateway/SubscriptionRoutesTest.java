package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The subscription routes: CRUD reaches community-service, replays and dead letters the event-dispatcher, each with
 * the verified driver in the driver header; bodies, queries and owners' statuses pass unchanged.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeSubscriptionOwners.class)
@WithTestResource(TestTokens.class)
class SubscriptionRoutesTest {

    private static final String KEY = "test-internal-key-not-for-production";

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/live").statusCode() == 200);
        FakeSubscriptionOwners.CALLS.clear();
    }

    @Test
    void crudGoesToCommunityServiceAndDeliveriesToTheDispatcherAsTheCallingDriver() {
        given().contentType("application/json").body("{\"url\": \"https://driver.example/events\"}")
                .post("/api/internal/subscriptions").then().statusCode(201)
                .body("service", equalTo("community-service")).body("sent.url", equalTo("https://driver.example/events"));
        given().queryParam("limit", 2).queryParam("cursor", "abc").get("/api/internal/subscriptions").then()
                .statusCode(200).body("seen", equalTo("GET /api/internal/subscriptions?limit=2&cursor=abc"));
        given().get("/api/internal/subscriptions/sub_1").then().statusCode(200).body("service", equalTo("community-service"));
        given().contentType("application/json").body("{\"event_types\": [\"slack.*\"]}")
                .patch("/api/internal/subscriptions/sub_1").then().statusCode(200).body("sent.event_types[0]", equalTo("slack.*"));
        given().delete("/api/internal/subscriptions/sub_1").then().statusCode(204);

        given().contentType("application/json").body("{\"from\": \"2026-12-01T10:00:00Z\"}")
                .post("/api/internal/subscriptions/sub_1/replay").then().statusCode(202)
                .body("service", equalTo("event-dispatcher")).body("sent.from", equalTo("2026-12-01T10:00:00Z"));
        given().get("/api/internal/subscriptions/sub_1/replays/r1").then().statusCode(200)
                .body("service", equalTo("event-dispatcher"));
        given().queryParam("limit", 5).get("/api/internal/subscriptions/sub_1/dead-letters").then().statusCode(200)
                .body("seen", equalTo("GET /api/internal/subscriptions/sub_1/dead-letters?limit=5"));
        given().post("/api/internal/subscriptions/sub_1/dead-letters/evt-1/retry").then().statusCode(202)
                .body("service", equalTo("event-dispatcher"));
        // another driver's subscription: the owner's 404 comes back as it is
        given().get("/api/internal/subscriptions/sub_foreign/dead-letters").then().statusCode(404)
                .body("error", equalTo("not_found"));

        CallerHeader header = new CallerHeader(KEY);
        assertEquals(10, FakeSubscriptionOwners.CALLS.size(), FakeSubscriptionOwners.CALLS.toString());
        for (String call : FakeSubscriptionOwners.CALLS) {
            String value = call.substring(call.lastIndexOf(' ') + 1);
            assertEquals(Optional.of(Caller.local()), header.verify(value), "a trusted local caller: " + call);
        }
        assertTrue(FakeSubscriptionOwners.CALLS.stream().filter(c -> c.contains("/replay") || c.contains("dead-letters"))
                .allMatch(c -> c.startsWith("event-dispatcher ")), FakeSubscriptionOwners.CALLS.toString());
        assertTrue(FakeSubscriptionOwners.CALLS.stream().filter(c -> !c.contains("/replay") && !c.contains("dead-letters"))
                .allMatch(c -> c.startsWith("community-service ")), FakeSubscriptionOwners.CALLS.toString());
    }

    @Test
    void aCallbackSecretIsForAdministratorsAndShownAsTheOwnerAnswersIt() {
        given().post("/api/internal/drivers/drv_a/callback-secret").then().statusCode(403)
                .body("error", equalTo("forbidden"));
        given().header("Authorization", "Bearer " + TestTokens.admin()).post("/api/internal/drivers/drv_a/callback-secret")
                .then().statusCode(202).body("seen", equalTo("POST /api/internal/drivers/drv_a/callback-secret"));
    }
}
