package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Upstream Metagov #50 through the whole system: one community with two GitHub instances (two installations of the
 * App). A platform-wide hook of each installation, signed as GitHub signs it (with the App's webhook secret), reaches
 * its own instance and the driver with that instance's community_platform_id; a forged one is a 401 and emits nothing;
 * actions name their instance by community_platform_id, and naming none where two could be meant is a 400.
 */
class TwoInstancesIT {

    static final String COMMUNITY = "e2e-two-orgs";

    @BeforeAll
    static void stack() {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
        given().contentType(ContentType.JSON).body("""
                {"readable_name": "Two organisations", "plugins": [
                  {"name": "github", "config": {"installation_id": "5001", "owner": "org-a"}},
                  {"name": "github", "config": {"installation_id": "5002", "owner": "org-b"}},
                  {"name": "tutorial", "config": {"api_key": "k1"}, "community_platform_id": "T1"},
                  {"name": "tutorial", "config": {"api_key": "k2"}, "community_platform_id": "T2"}]}""")
                .put("/api/internal/community/" + COMMUNITY).then().statusCode(201);
    }

    @Test
    void eachInstallationsHookReachesItsOwnInstanceAndTheDriverSaysWhich() throws Exception {
        given().get("/api/internal/community/" + COMMUNITY).then().statusCode(200)
                .body("plugins.findAll { it.name == 'github' }.community_platform_id", containsInAnyOrder("5001", "5002"));
        String a = issue(5001, "for org-a");
        String b = issue(5002, "for org-b");
        // installation 5002's hook signed with another secret: refused at once (401), no instance takes it
        String misrouted = issue(5002, "signed with the other secret");
        // until the runner has both instances a hook may be answered otherwise: try again
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().until(() -> {
            post(misrouted, "not-the-app-secret", 401);
            post(a, Stack.GITHUB_WEBHOOK_SECRET, 200);
            post(b, Stack.GITHUB_WEBHOOK_SECRET, 200);
            return event("for org-a") != null && event("for org-b") != null;
        });
        assertEquals("5001", event("for org-a").path("community_platform_id").asText());
        assertEquals("5002", event("for org-b").path("community_platform_id").asText());
        assertEquals(COMMUNITY, event("for org-b").path("community").asText());
        assertEquals("github", event("for org-b").path("source").asText());
        assertEquals("opened issues", event("for org-b").path("event_type").asText());
        // hooks of one URL are handled in order: the misrouted one went before each accepted one, and emitted nothing
        assertTrue(DriverReceiver.EVENTS.stream().noneMatch(r -> "signed with the other secret".equals(
                r.body().path("data").path("issue").path("title").asText())));
    }

    @Test
    void actionsNameTheirInstanceAndNamingNoneOfTwoIs400ListingThem() {
        // the runner may apply the community a moment after the PUT answered
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).until(() -> given()
                .header("X-Metagov-Community", COMMUNITY).contentType(ContentType.JSON)
                .body("{\"parameters\": {\"value\": 2}}")
                .post("/api/internal/action/tutorial.times-two?community_platform_id=T1").statusCode() == 200);
        given().header("X-Metagov-Community", COMMUNITY).contentType(ContentType.JSON)
                .body("{\"parameters\": {\"value\": 21}, \"community_platform_id\": \"T2\"}")
                .post("/api/internal/action/tutorial.times-two").then().statusCode(200).body("result", equalTo(42));
        given().header("X-Metagov-Community", COMMUNITY).contentType(ContentType.JSON)
                .body("{\"parameters\": {\"value\": 1}}")
                .post("/api/internal/action/tutorial.times-two").then().statusCode(400)
                .body("error", equalTo("bad_request")).body("message", containsString("has 2 instances"))
                .body("details", equalTo(List.of("community_platform_id=T1", "community_platform_id=T2")));
        given().header("X-Metagov-Community", COMMUNITY).contentType(ContentType.JSON)
                .body("{\"parameters\": {\"value\": 1}}")
                .post("/api/internal/action/tutorial.times-two?community_platform_id=T9").then().statusCode(400)
                .body("message", containsString("no instance with community_platform_id 'T9'"));
        // a process likewise: the query names the instance
        given().header("X-Metagov-Community", COMMUNITY).contentType(ContentType.JSON)
                .body("{\"title\": \"Lunch?\"}").post("/api/internal/process/tutorial.my-gov-process").then()
                .statusCode(400).body("details", hasSize(2));
        given().header("X-Metagov-Community", COMMUNITY).contentType(ContentType.JSON)
                .body("{\"title\": \"Lunch?\"}")
                .post("/api/internal/process/tutorial.my-gov-process?community_platform_id=T2").then()
                .statusCode(202);
    }

    private static void post(String body, String secret, int status) throws Exception {
        given().contentType(ContentType.JSON).header("X-GitHub-Event", "issues")
                .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + hmacHex(secret, body)).body(body)
                .post("/api/hooks/github").then().statusCode(status);
    }

    private static com.fasterxml.jackson.databind.JsonNode event(String title) {
        return DriverReceiver.EVENTS.stream().map(DriverReceiver.Received::body)
                .filter(b -> COMMUNITY.equals(b.path("community").asText())
                        && title.equals(b.path("data").path("issue").path("title").asText()))
                .findFirst().orElse(null);
    }

    private static String issue(long installation, String title) {
        return "{\"action\": \"opened\", \"installation\": {\"id\": " + installation + "}, \"issue\": {\"title\": \""
                + title + "\"}, \"sender\": {\"login\": \"octocat\", \"id\": 1}}";
    }

    private static String hmacHex(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(content.getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
