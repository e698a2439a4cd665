package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Issue 4's system test: platform hooks through the gateway, the runner and the dispatcher to the driver. */
class HookIT {

    @BeforeAll
    static void stack() {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
        given().contentType(ContentType.JSON).body("""
                {"name": "e2e-hooks", "readable_name": "", "plugins": [
                  {"name": "tutorial", "config": {"api_key": "k", "webhook_slug": "s3cr3t-slug"}},
                  {"name": "github", "config": {"installation_id": "4242", "webhook_secret": "gh-secret"}}]}""")
                .put("/api/internal/community/e2e-hooks").then().statusCode(201);
    }

    @Test
    void theTutorialHookReachesTheDriverInTheSeedsShapeSigned() throws Exception {
        given().get("/api/internal/community/e2e-hooks/hooks").then().statusCode(200)
                .body("hooks", hasItem("/api/hooks/e2e-hooks/tutorial/s3cr3t-slug"));
        // the runner may apply the community a moment after the PUT answered: post until the event shows up
        DriverReceiver.Received received = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(3))
                .until(() -> {
                    given().contentType(ContentType.JSON)
                            .body("{\"account\": \"alice\", \"data\": {\"title\": \"First post\"}}")
                            .post("/api/hooks/e2e-hooks/tutorial/s3cr3t-slug").then().statusCode(200);
                    return event("e2e-hooks", "post_created");
                }, r -> r != null);

        JsonNode body = received.body();
        assertEquals(Set.of("community", "source", "event_type", "timestamp", "data", "initiator"), keys(body));
        assertEquals("tutorial", body.path("source").asText());
        assertEquals("First post", body.path("data").path("title").asText());
        assertEquals("alice", body.path("initiator").path("user_id").asText());
        assertEquals("identity-provider-key", body.path("initiator").path("provider").asText());

        // Standard Webhooks: v1,base64(HMAC-SHA256(secret, id.timestamp.body))
        String id = header(received, "webhook-id");
        String timestamp = header(received, "webhook-timestamp");
        String expected = "v1," + hmacBase64(DriverReceiver.SECRET, id + "." + timestamp + "." + received.raw());
        assertTrue(header(received, "webhook-signature").contains(expected), "signed with the driver's secret");
    }

    @Test
    void wrongOrMissingSlugsAnswerLikeUnknownCommunities() {
        String wrong = given().body("{}").post("/api/hooks/e2e-hooks/tutorial/guess").then().statusCode(404)
                .extract().asString();
        String missing = given().body("{}").post("/api/hooks/e2e-hooks/tutorial").then().statusCode(404)
                .extract().asString();
        String unknown = given().body("{}").post("/api/hooks/nobody/tutorial").then().statusCode(404)
                .extract().asString();
        assertEquals(wrong, missing);
        assertEquals(wrong, unknown);
        given().body(new byte[1_048_577]).post("/api/hooks/e2e-hooks/tutorial/s3cr3t-slug").then().statusCode(413);
    }

    @Test
    void aGitHubHookWithABadSignatureEmitsNothing() throws Exception {
        String forged = issue("forged");
        String genuine = issue("genuine");
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            // both keyed by plugin on the platform-wide URL, so the forged one is always handled first
            given().contentType(ContentType.JSON).header("X-GitHub-Event", "issues")
                    .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64)).body(forged)
                    .post("/api/hooks/github").then().statusCode(401); // answered by the runner, at once
            given().contentType(ContentType.JSON).header("X-GitHub-Event", "issues")
                    .header("X-Hub-Signature-256", "sha256=" + hmacHex("gh-secret", genuine)).body(genuine)
                    .post("/api/hooks/github").then().statusCode(200);
            return event("e2e-hooks", "opened issues") != null;
        });
        assertTrue(DriverReceiver.EVENTS.stream().map(DriverReceiver.Received::body)
                .noneMatch(b -> "forged".equals(b.path("data").path("issue").path("title").asText())));
    }

    private static DriverReceiver.Received event(String community, String type) {
        return DriverReceiver.EVENTS.stream()
                .filter(r -> community.equals(r.body().path("community").asText())
                        && type.equals(r.body().path("event_type").asText()))
                .findFirst().orElse(null);
    }

    private static String issue(String title) {
        return "{\"action\": \"opened\", \"installation\": {\"id\": 4242}, \"issue\": {\"title\": \"" + title
                + "\"}, \"sender\": {\"login\": \"octocat\", \"id\": 1}}";
    }

    private static Set<String> keys(JsonNode body) {
        Set<String> keys = new TreeSet<>();
        body.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String header(DriverReceiver.Received received, String name) {
        return received.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    private static byte[] mac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmacBase64(String secret, String content) throws Exception {
        return Base64.getEncoder().encodeToString(mac(secret, content));
    }

    private static String hmacHex(String secret, String content) throws Exception {
        StringBuilder hex = new StringBuilder();
        for (byte b : mac(secret, content)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
