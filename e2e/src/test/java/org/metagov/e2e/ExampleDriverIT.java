package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.metagov.sdk.testkit.FakePlatform;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The upstream example driver's flow (metagov/example-driver) through the stack, against a fake Loomio: a wrong key
 * refused before anything is stored, PUT a community with randomness and loomio, list hooks, random-int, start
 * loomio.poll with its callback_url, read the Location, votes arriving by Loomio's webhooks, and the callback with
 * upstream's vote counts when the poll closes. Then a Discourse hook signed as Discourse signs reaching the driver.
 */
class ExampleDriverIT {

    static final String COMMUNITY = "e2e-example-driver";

    @BeforeAll
    static void stack() {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
    }

    static RequestSpecification driver() {
        return given().contentType(ContentType.JSON).header("X-Metagov-Community", COMMUNITY);
    }

    static String community(String loomioKey) {
        return "{\"name\": \"" + COMMUNITY + "\", \"readable_name\": \"Example\", \"plugins\": ["
                + "{\"name\": \"randomness\", \"config\": {}},"
                + "{\"name\": \"loomio\", \"config\": {\"api_key\": \"" + loomioKey + "\"}}]}";
    }

    @Test
    void theExampleDriversLoomioPollFromPutToCallback() {
        // validateConfig through the runner: Loomio does not know the key, so nothing is stored
        given().contentType(ContentType.JSON).body(community("not-a-loomio-key"))
                .put("/api/internal/community/" + COMMUNITY).then().statusCode(400)
                .body("details", hasItem("loomio: Loomio refused the api_key (HTTP 403)"));
        given().get("/api/internal/community/" + COMMUNITY).then().statusCode(404);

        given().contentType(ContentType.JSON).body(community(FakeLoomio.KEY))
                .put("/api/internal/community/" + COMMUNITY).then().statusCode(201);
        given().get("/api/internal/community/" + COMMUNITY + "/hooks").then().statusCode(200)
                .body("hooks", hasItem("/api/hooks/" + COMMUNITY + "/loomio"));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> driver()
                .body("{\"parameters\": {\"low\": 1, \"high\": 6}}").post("/api/internal/action/randomness.random-int")
                .then().log().ifValidationFails().statusCode(200));

        String callback = DriverReceiver.callbackUrl("example-driver-poll");
        String location = await().atMost(Duration.ofSeconds(40)).until(() -> driver().body("""
                {"title": "Lunch?", "options": ["pizza", "salad"], "details": "Friday lunch",
                 "closing_at": "2031-10-01", "callback_url": "%s"}""".formatted(callback))
                .post("/api/internal/process/loomio.poll").then().extract(), r -> r.statusCode() == 202)
                .header("Location");
        String processId = location.substring(location.lastIndexOf('/') + 1);
        String pollUrl = given().get(location).then().statusCode(200).body("status", equalTo("pending"))
                .body("name", equalTo("loomio.poll")).body("url", startsWith(FakeLoomio.url() + "/p/"))
                .extract().path("url");
        String pollKey = pollUrl.substring(pollUrl.lastIndexOf('/') + 1);

        FakeLoomio.vote(COMMUNITY, pollKey, "879750", "pizza");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(location).then().statusCode(200)
                .body("outcome.votes.pizza.count", equalTo(1)));
        FakeLoomio.close(COMMUNITY, pollKey);

        DriverReceiver.Received done = await().atMost(Duration.ofSeconds(30)).until(() -> DriverReceiver.CALLBACKS
                .stream().filter(r -> processId.equals(r.body().path("id").asText())
                        && "completed".equals(r.body().path("status").asText())).findFirst().orElse(null),
                r -> r != null);
        JsonNode votes = done.body().path("outcome").path("votes");
        assertEquals(1, votes.path("pizza").path("count").asInt());
        assertEquals("879750", votes.path("pizza").path("users").path(0).asText());
        assertEquals(0, votes.path("salad").path("count").asInt());
        assertEquals(pollUrl, done.body().path("url").asText());
    }

    @Test
    void aDiscourseHookSignedAsDiscourseSignsReachesTheDriver() throws Exception {
        String slug = "e2e-discourse";
        String secret = "e2e-discourse-webhook-secret";
        try (FakePlatform discourse = FakePlatform.start()) {
            discourse.respond("GET", "/about.json", 200, "{\"about\":{\"title\":\"E2E forum\"}}");
            discourse.respond("GET", "/admin/users/list/active.json", 200, "[]");
            given().contentType(ContentType.JSON).body("{\"plugins\": [{\"name\": \"discourse\", \"config\": "
                    + "{\"server_url\": \"" + discourse.url() + "\", \"api_key\": \"k\", \"webhook_secret\": \""
                    + secret + "\"}}]}").put("/api/internal/community/" + slug).then().statusCode(201);
            String body = """
                    {"post":{"id":482,"username":"alice","raw":"Hello from Discourse","topic_id":77,
                     "topic_slug":"welcome","post_number":3}}""";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes));
            // a forged signature is refused; the runner may apply the community a moment after the PUT answered
            DriverReceiver.Received received = await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> {
                        hook(slug, discourse.url(), "sha256=" + "0".repeat(64), bytes);
                        hook(slug, discourse.url(), signature, bytes);
                        return DriverReceiver.EVENTS.stream().filter(r -> slug.equals(r.body().path("community")
                                .asText()) && "post_created".equals(r.body().path("event_type").asText()))
                                .findFirst().orElse(null);
                    }, r -> r != null);
            JsonNode event = received.body();
            assertEquals("discourse", event.path("source").asText());
            assertEquals("Hello from Discourse", event.path("data").path("raw").asText());
            assertEquals("alice", event.path("initiator").path("user_id").asText());
            assertEquals("discourse", event.path("initiator").path("provider").asText());
            assertTrue(received.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("webhook-signature")));
        }
    }

    private static void hook(String slug, String instance, String signature, byte[] body) {
        given().contentType(ContentType.JSON).header("X-Discourse-Instance", instance)
                .header("X-Discourse-Event-Type", "post").header("X-Discourse-Event", "post_created")
                .header("X-Discourse-Event-Id", "1207").header("X-Discourse-Event-Signature", signature).body(body)
                .post("/api/hooks/" + slug + "/discourse").then().statusCode(200);
    }
}
