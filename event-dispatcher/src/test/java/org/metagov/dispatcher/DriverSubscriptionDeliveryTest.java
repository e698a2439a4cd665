package org.metagov.dispatcher;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.events.DriverEvent;
import org.metagov.events.DriverSubscription;
import org.metagov.events.DriverSubscription.SealedSecret;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;
import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;
import org.metagov.events.secrets.SecretSealer;

/**
 * Subscriptions drivers manage, as community-service publishes them on the subscriptions topic: each receives only
 * its own driver's communities' events that match its filters, signed with its own secrets (both during a
 * rotation); a driver reaches only its own subscriptions' dead letters; a url the policy refuses is never called.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(ReceiverStub.class)
class DriverSubscriptionDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET_A = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "secret-of-subscription-a-32bytes".getBytes(StandardCharsets.UTF_8));
    private static final String SECRET_B = WebhookSecret.generate();
    private static final String SECRET_B2 = WebhookSecret.generate();

    WireMockServer receiver;

    @ConfigProperty(name = "metagov.secrets.key")
    String secretsKey;

    @ConfigProperty(name = "metagov.caller.internal-key")
    String internalKey;

    @Test
    void eachSubscriptionGetsOnlyItsDriversCommunitiesAndTypesSignedWithItsOwnSecrets() {
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).willReturn(ok()));
        receiver.stubFor(post(urlPathEqualTo("/a/events")).willReturn(ok()));
        receiver.stubFor(post(urlPathEqualTo("/b/events")).willReturn(ok()));
        SecretSealer sealer = new SecretSealer(secretsKey);
        try (DriverEventsKafka kafka = new DriverEventsKafka()) {
            community(kafka, "a-one", "drv_a");
            community(kafka, "b-one", "drv_b");
            community(kafka, "b-two", "drv_b");
            // A: every community of drv_a, slack only; B: b-one only, every type, in the middle of a rotation
            kafka.sendTo(Topics.SUBSCRIPTIONS, "sub_a", EventJson.write(new DriverSubscription("sub_a", "drv_a",
                    receiver.baseUrl() + "/a/events", List.of(), List.of("slack.*"),
                    List.of(new SealedSecret(sealer.seal(SECRET_A, "sub_a"), null)), 1, Instant.now())));
            kafka.sendTo(Topics.SUBSCRIPTIONS, "sub_b", EventJson.write(new DriverSubscription("sub_b", "drv_b",
                    receiver.baseUrl() + "/b/events", List.of("b-one"), List.of(),
                    List.of(new SealedSecret(sealer.seal(SECRET_B2, "sub_b"), null),
                            new SealedSecret(sealer.seal(SECRET_B, "sub_b"), Instant.now().plusSeconds(3600))),
                    1, Instant.now())));
            // a sealed secret copied from another subscription does not open: that subscription is left out
            kafka.sendTo(Topics.SUBSCRIPTIONS, "sub_stolen", EventJson.write(new DriverSubscription("sub_stolen",
                    "drv_a", receiver.baseUrl() + "/stolen", List.of(), List.of(),
                    List.of(new SealedSecret(sealer.seal(SECRET_A, "sub_a"), null)), 1, Instant.now())));
            await().atMost(WAIT).untilAsserted(() -> given().header(CallerHeader.NAME, as("drv_a"))
                    .get("/api/internal/subscriptions/sub_a/dead-letters").then().statusCode(200));

            kafka.send(event("s-a1", "a-one", "slack", "message"), event("s-a2", "a-one", "discourse", "post_created"),
                    event("s-b1", "b-one", "discourse", "post_created"), event("s-b2", "b-two", "slack", "message"),
                    event("s-l1", "plain-community", "slack", "message"));

            List<LoggedRequest> a = await().atMost(WAIT).until(() -> at("/a/events"), r -> r.size() >= 1);
            List<LoggedRequest> b = await().atMost(WAIT).until(() -> at("/b/events"), r -> r.size() >= 1);
            await().atMost(WAIT).until(() -> at(ReceiverStub.PATH).stream()
                    .anyMatch(r -> r.getHeader("webhook-id").equals("s-l1")));
            // and nothing else comes, to any of them
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> ids(at("/a/events")).equals(List.of("s-a1"))
                    && ids(at("/b/events")).equals(List.of("s-b1")) && ids(at(ReceiverStub.PATH).stream()
                            .filter(r -> r.getHeader("webhook-id").startsWith("s-")).toList()).equals(List.of("s-l1")));
            // drv_a's community, slack only; b-one only (b-two is not listed); local-default: local's communities
            assertTrue(at("/stolen").isEmpty());

            verify(a.get(0), SECRET_A);
            LoggedRequest toB = b.get(0);
            assertEquals(2, toB.getHeader("webhook-signature").split(" ").length, "both secrets during a rotation");
            verify(toB, SECRET_B);
            verify(toB, SECRET_B2);

            // a replay follows the same rule: only drv_a's communities, slack only, with the original id
            given().header(CallerHeader.NAME, as("drv_a")).contentType("application/json")
                    .body("{\"from\": \"" + Instant.now().minusSeconds(600) + "\"}")
                    .post("/api/internal/subscriptions/sub_a/replay").then().statusCode(202);
            await().atMost(WAIT).until(() -> at("/a/events").size() >= 2);
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> ids(at("/a/events"))
                    .equals(List.of("s-a1", "s-a1")));
        }
    }

    @Test
    void aDriverReachesOnlyItsOwnSubscriptionsAndARefusedUrlIsNeverCalled() {
        SecretSealer sealer = new SecretSealer(secretsKey);
        try (DriverEventsKafka kafka = new DriverEventsKafka()) {
            community(kafka, "c-private", "drv_c");
            kafka.sendTo(Topics.SUBSCRIPTIONS, "sub_c", EventJson.write(new DriverSubscription("sub_c", "drv_c",
                    "http://10.255.255.1/events", List.of(), List.of(),
                    List.of(new SealedSecret(sealer.seal(SECRET_A, "sub_c"), null)), 1, Instant.now())));
            await().atMost(WAIT).untilAsserted(() -> given().header(CallerHeader.NAME, as("drv_c"))
                    .get("/api/internal/subscriptions/sub_c/dead-letters").then().statusCode(200));
            given().header(CallerHeader.NAME, as("drv_other")).get("/api/internal/subscriptions/sub_c/dead-letters")
                    .then().statusCode(404).body("error", equalTo("not_found"));
            given().header(CallerHeader.NAME, as("drv_other")).contentType("application/json")
                    .body("{\"from\": \"2026-01-01T00:00:00Z\"}").post("/api/internal/subscriptions/sub_c/replay")
                    .then().statusCode(404);
            // local (no header in %test) does not reach drv_c's either
            given().get("/api/internal/subscriptions/sub_c/dead-letters").then().statusCode(404);

            kafka.send(event("c-1", "c-private", "slack", "message"));
            await().atMost(WAIT).untilAsserted(() -> given().header(CallerHeader.NAME, as("drv_c"))
                    .get("/api/internal/subscriptions/sub_c/dead-letters").then().statusCode(200)
                    .body("items.find { it.event_id == 'c-1' }.cause", equalTo("rejected"))
                    .body("items.find { it.event_id == 'c-1' }.reason",
                            org.hamcrest.Matchers.startsWith("not sent: Host '10.255.255.1' is a private address")));
        }
    }

    private String as(String driver) {
        return new CallerHeader(internalKey).sign(new Caller(driver, false));
    }

    private static void community(DriverEventsKafka kafka, String slug, String owner) {
        // the fields of CommunityState the dispatcher reads, and one it does not (plugins)
        kafka.sendTo(Topics.COMMUNITIES, slug, "{\"slug\": \"" + slug + "\", \"owner\": \"" + owner
                + "\", \"plugins\": [], \"version\": 1}");
    }

    private static DriverEvent event(String id, String community, String source, String type) {
        Instant now = Instant.now();
        return new DriverEvent(id, community, source, type, now.getEpochSecond() + ".0", null, null);
    }

    private List<LoggedRequest> at(String path) {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    private static List<String> ids(List<LoggedRequest> requests) {
        return requests.stream().map(r -> r.getHeader("webhook-id")).toList();
    }

    /** As a receiver checks: the official algorithm (libs/webhooks' verifier), with the secret it was given. */
    private static void verify(LoggedRequest request, String secret) {
        new StandardWebhookSigner(WebhookSecret.parse(secret, "test")).verify(request.getHeader("webhook-id"),
                request.getHeader("webhook-timestamp"), request.getHeader("webhook-signature"), request.getBody(),
                Instant.now(), StandardWebhookSigner.DEFAULT_TOLERANCE);
    }
}
