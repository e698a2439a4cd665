package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.events.DriverAccount;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.sdk.Json;
import org.metagov.testing.KafkaTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * OAuth installs through the gateway: the browser's authorize and callback, with the runner (the platform's half)
 * played on the real broker and community-service by {@link FakeOAuthOwner}. A forged, expired or replayed state
 * enables nothing; a redirect_uri no driver registered starts nothing.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeOAuthOwner.class)
class OAuthInstallTest {

    static final String GITHUB = """
            {"name": "github", "description": "GitHub App", "processes": [], "actions": [], "webhookReceiver": true,
             "webhookAnswers": true, "authType": "oauth", "platformIdKey": "installation_id",
             "configSchema": {"type": "object", "properties": {"installation_id": {"type": "string"}}}}""";
    static final String REDIRECT = "https://pk.example/github/install";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static OAuthRunner runner;

    @BeforeEach
    void setUp() {
        if (runner == null) {
            DriverAccount pk = new DriverAccount("pk", "PolicyKit", List.of("https://pk.example/github"), 1, 1,
                    Instant.now());
            try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
                kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PLUGIN_CATALOG, "github", GITHUB),
                        new ProducerRecord<>(Topics.DRIVERS, "pk", EventJson.write(pk))).awaitCompletion();
            }
            runner = new OAuthRunner(bootstrap);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> authorize("", REDIRECT).statusCode() == 302);
        FakeOAuthOwner.ENABLED.clear();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void anAppInstallWithoutACommunityCreatesOneForTheDriverAndEnablesTheInstallation() {
        Response consent = authorize("", REDIRECT);
        URI platform = URI.create(consent.header("Location"));
        assertEquals("github.example", platform.getHost());
        String state = query(platform).get("state");
        assertNotEquals("driver-state", state, "our own state goes to the platform, not the driver's");

        URI back = URI.create(callback("installation_id=77&setup_action=install&code=good&state=" + enc(state))
                .then().statusCode(302).extract().header("Location"));
        assertEquals("pk.example", back.getHost());
        assertEquals("/github/install", back.getPath());
        assertEquals(Map.of("state", "driver-state", "community", "created-by-install"), query(back));
        assertEquals(1, FakeOAuthOwner.ENABLED.size());
        String[] enabled = FakeOAuthOwner.ENABLED.get(0).split(" ", 3);
        assertEquals("github", enabled[0]);
        assertEquals("created-by-install", enabled[1]);
        assertEquals(Json.object().put("owner", "acme").put("installation_id", "77"), read(enabled[2]));

        // the same state again (a replay, a reload): refused, nothing enabled twice
        callback("installation_id=77&setup_action=install&code=good&state=" + enc(state)).then().statusCode(400)
                .body("error", equalTo("state_replayed"));
        assertEquals(1, FakeOAuthOwner.ENABLED.size());
    }

    @Test
    void anInstallationTheUserDoesNotOwnReturnsTheErrorAndEnablesNothing() {
        String state = query(URI.create(authorize(FakeOAuthOwner.OWN_COMMUNITY, REDIRECT).header("Location")))
                .get("state");
        URI back = URI.create(callback("installation_id=78&setup_action=install&code=good&state=" + enc(state))
                .then().statusCode(302).extract().header("Location"));
        assertEquals("github_installation_not_owned", query(back).get("error"));
        assertEquals(FakeOAuthOwner.OWN_COMMUNITY, query(back).get("community"));
        assertTrue(FakeOAuthOwner.ENABLED.isEmpty());
    }

    @Test
    void forgedExpiredOrForeignStatesEnableNothing() throws Exception {
        String state = query(URI.create(authorize("", REDIRECT).header("Location"))).get("state");
        String payload = state.substring(0, state.lastIndexOf('.'));
        callback("installation_id=77&code=good&state=" + enc(payload + ".forged")).then().statusCode(400)
                .body("error", equalTo("bad_state"));
        callback("installation_id=77&code=good").then().statusCode(400).body("error", equalTo("bad_state"));
        // correctly signed, but expired
        JsonNode install = read(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        ((com.fasterxml.jackson.databind.node.ObjectNode) install).put("expiresAt",
                Instant.now().minusSeconds(1).toString());
        String expired = Base64.getUrlEncoder().withoutPadding().encodeToString(
                install.toString().getBytes(StandardCharsets.UTF_8));
        callback("installation_id=77&code=good&state=" + enc(expired + "." + mac(expired))).then().statusCode(400)
                .body("error", equalTo("bad_state"));
        // a state made for another plugin
        given().urlEncodingEnabled(false).redirects().follow(false).get("/auth/slack/callback?code=c&state=" + enc(state)).then()
                .statusCode(400);
        assertTrue(FakeOAuthOwner.ENABLED.isEmpty());
    }

    @Test
    void aStartWhoseRedirectNoDriverRegisteredOrForAnotherDriversCommunityIs400() {
        authorize("", "https://evil.example/github/install").then().statusCode(400)
                .body("error", equalTo("redirect_uri_not_registered"));
        authorize("", "https://pk.example/githubevil").then().statusCode(400)
                .body("error", equalTo("redirect_uri_not_registered"));
        authorize("someone-elses", REDIRECT).then().statusCode(400);
        given().urlEncodingEnabled(false).redirects().follow(false).get("/auth/github/authorize?type=admin&redirect_uri=" + enc(REDIRECT))
                .then().statusCode(400);
        given().urlEncodingEnabled(false).redirects().follow(false).get("/auth/nope/authorize?redirect_uri=" + enc(REDIRECT)).then()
                .statusCode(404);
    }

    @Test
    void thePlatformsRefusalGoesBackToTheDriver() {
        String state = query(URI.create(authorize("", REDIRECT).header("Location"))).get("state");
        URI back = URI.create(callback("error=access_denied&state=" + enc(state)).then().statusCode(302).extract()
                .header("Location"));
        assertEquals(Map.of("state", "driver-state", "error", "access_denied"), query(back));
        assertTrue(FakeOAuthOwner.ENABLED.isEmpty());
    }

    private static Response authorize(String community, String redirect) {
        return given().urlEncodingEnabled(false).redirects().follow(false).get("/auth/github/authorize?type=app&community=" + enc(community)
                + "&redirect_uri=" + enc(redirect) + "&state=driver-state");
    }

    private static Response callback(String query) {
        return given().urlEncodingEnabled(false).redirects().follow(false).get("/auth/github/callback?" + query);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode read(String json) {
        return EventJson.read(json, JsonNode.class);
    }

    private static String mac(String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("test-oauth-state-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Plays the runner's OAuth half: a consent URL, and GitHub's ownership check (user "good" owns 77 only). */
    static final class OAuthRunner implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        OAuthRunner(String bootstrap) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "oauth-runner");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new StringDeserializer());
            KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer());
            consumer.subscribe(List.of(Topics.ACTION_REQUESTS));
            thread = new Thread(() -> {
                try (consumer; producer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                            ActionRequest request = EventJson.read(r.value(), ActionRequest.class);
                            producer.send(new ProducerRecord<>(Topics.ACTION_REPLIES, r.key(),
                                    EventJson.write(new ActionReply(request.id(), ActionReply.Outcome.OK,
                                            answer(request), null))));
                        }
                    }
                }
            }, "oauth-runner");
            thread.start();
        }

        private static JsonNode answer(ActionRequest request) {
            JsonNode p = request.parameters();
            if (request.action().equals("@oauth/authorize")) {
                return Json.object().put("url", "https://github.example/apps/metagov/installations/new?state="
                        + enc(p.path("state").asText()));
            }
            JsonNode query = p.path("query");
            if (query.path("installation_id").asText().equals("77") && query.path("code").asText().equals("good")) {
                com.fasterxml.jackson.databind.node.ObjectNode done = Json.object().put("platform_id", "77");
                done.set("config", Json.object().put("owner", "acme").put("installation_id", "77"));
                done.set("params", Json.object());
                return done;
            }
            return Json.object().put("error", "github_installation_not_owned");
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
