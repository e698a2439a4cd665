package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's system test: two drivers (the trusted local driver and a driver account with its own token), each with
 * its own subscriptions: each receives only its own communities' events, signed with its own secret and verified
 * with the official Standard Webhooks library; a replay re-delivers with the same webhook-ids; a dead letter is
 * retried. (Every community is local's until communities get owners, issue 13: driver B owns none, so it must
 * receive nothing and may not subscribe to local's.)
 */
class SubscriptionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_TWO = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("e2e-secret-of-subscription-two!!".getBytes(StandardCharsets.UTF_8));
    /** path -> what arrived; path -> the status to answer (204 unless told otherwise). */
    private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, Integer> ANSWER = new ConcurrentHashMap<>();
    private static HttpServer server;
    private static String driverB;

    record Received(String id, String timestamp, String signature, String raw, JsonNode body) {
    }

    @BeforeAll
    static void stack() throws IOException {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            RECEIVED.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>())
                    .add(new Received(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                            h.getFirst("webhook-signature"), raw, JSON.readTree(raw)));
            exchange.sendResponseHeaders(ANSWER.getOrDefault(exchange.getRequestURI().getPath(), 204), -1);
            exchange.close();
        });
        server.start();
        for (String slug : List.of("e2e-subs-one", "e2e-subs-two")) {
            given().contentType(ContentType.JSON).body("{\"plugins\": [{\"name\": \"tutorial\", \"config\": "
                    + "{\"api_key\": \"k\", \"webhook_slug\": \"slug-" + slug + "\"}}]}")
                    .put("/api/internal/community/" + slug).then().statusCode(201);
        }
        String admin = Files.readString(Path.of(System.getProperty("project.root", ".."), "e2e/target/run/admin.token"))
                .strip();
        driverB = given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body("{\"name\": \"e2e driver B\"}").post("/api/internal/drivers").then().statusCode(201)
                .extract().path("token");
    }

    @AfterAll
    static void stopReceiver() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void eachSubscriptionGetsItsOwnEventsSignedReplayedAndRetried() {
        Instant start = Instant.now().minusSeconds(1);
        var one = given().contentType(ContentType.JSON).body("{\"url\": \"" + url("/one") + "\", \"communities\": "
                + "[\"e2e-subs-one\"], \"event_types\": [\"tutorial.*\"]}").post("/api/internal/subscriptions")
                .then().statusCode(201).body("secret", startsWith("whsec_")).extract().jsonPath();
        String idOne = one.getString("id");
        String secretOne = one.getString("secret");
        String idTwo = given().contentType(ContentType.JSON).body("{\"url\": \"" + url("/two") + "\", \"secret\": \""
                + SECRET_TWO + "\", \"communities\": [\"e2e-subs-two\"]}").post("/api/internal/subscriptions")
                .then().statusCode(201).extract().path("id");
        // driver B: its own subscription (of its own communities: none yet), never local's
        // B's token works once the gateway's cache has its account, within seconds of its creation
        String idB = await().atMost(Duration.ofSeconds(30)).until(() -> asB().contentType(ContentType.JSON)
                .body("{\"url\": \"" + url("/b") + "\"}").post("/api/internal/subscriptions"),
                r -> r.statusCode() != 401).then().statusCode(201).extract().path("id");
        asB().contentType(ContentType.JSON).body("{\"url\": \"" + url("/b") + "\", \"communities\": [\"e2e-subs-one\"]}")
                .post("/api/internal/subscriptions").then().statusCode(404).body("error", equalTo("not_found"));
        asB().get("/api/internal/subscriptions/" + idOne).then().statusCode(404);
        asB().get("/api/internal/subscriptions/" + idOne + "/dead-letters").then().statusCode(404);
        given().get("/api/internal/subscriptions/" + idB).then().statusCode(404);

        // the runner and the dispatcher may apply the community and subscriptions a moment later: post until it shows
        Received first = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            hook("e2e-subs-one", "to one");
            return arrived("/one").stream().findFirst().orElse(null);
        }, r -> r != null);
        ANSWER.put("/two", 400); // subscription two refuses its first event: a dead letter at once
        hook("e2e-subs-two", "to two");
        Received refused = await().atMost(Duration.ofSeconds(60)).until(() -> arrived("/two").stream().findFirst()
                .orElse(null), r -> r != null);

        assertEquals("e2e-subs-one", first.body().path("community").asText());
        assertEquals(Set.of("e2e-subs-one"), communities("/one"), "one gets only its community");
        assertEquals(Set.of("e2e-subs-two"), communities("/two"));
        verify(first, secretOne);
        verify(refused, SECRET_TWO);
        assertThrows(Exception.class, () -> new Webhook(SECRET_TWO).verify(first.raw(), headers(first)),
                "not signed with another subscription's secret");

        // the dead letter shows through the gateway, without the body, and a retry delivers it with its id
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/internal/subscriptions/" + idTwo
                + "/dead-letters").then().statusCode(200).body("items[0].event_id", equalTo(refused.id()))
                .body("items[0].cause", equalTo("rejected")).body("items[0].last_status", equalTo(400)));
        ANSWER.put("/two", 204);
        given().post("/api/internal/subscriptions/" + idTwo + "/dead-letters/" + refused.id() + "/retry").then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> arrived("/two").size() >= 2);
        assertEquals(refused.id(), arrived("/two").get(1).id(), "the retry keeps the webhook-id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/internal/subscriptions/" + idTwo
                + "/dead-letters").then().statusCode(200).body("items.size()", equalTo(0)));

        // a replay re-delivers subscription one's events with their original ids
        int before = arrived("/one").size();
        List<String> ids = arrived("/one").stream().map(Received::id).distinct().toList();
        given().contentType(ContentType.JSON).body("{\"from\": \"" + start + "\"}")
                .post("/api/internal/subscriptions/" + idOne + "/replay").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> arrived("/one").size() >= before + ids.size());
        List<String> replayed = arrived("/one").subList(before, arrived("/one").size()).stream().map(Received::id)
                .distinct().toList();
        assertEquals(Set.copyOf(ids), Set.copyOf(replayed), "the same webhook-ids again");
        arrived("/one").forEach(r -> verify(r, secretOne));
        assertEquals(List.of(), arrived("/b"), "driver B owns no community: nothing reaches it");
    }

    private static void hook(String community, String title) {
        given().contentType(ContentType.JSON).body("{\"account\": \"alice\", \"data\": {\"title\": \"" + title + "\"}}")
                .post("/api/hooks/" + community + "/tutorial/slug-" + community).then().statusCode(200);
    }

    private static RequestSpecification asB() {
        return given().header("Authorization", "Bearer " + driverB);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static List<Received> arrived(String path) {
        return RECEIVED.getOrDefault(path, List.of());
    }

    private static Set<String> communities(String path) {
        return Set.copyOf(arrived(path).stream().map(r -> r.body().path("community").asText()).toList());
    }

    /** As a driver does, with the official Standard Webhooks library. */
    private static void verify(Received received, String secret) {
        assertDoesNotThrow(() -> new Webhook(secret).verify(received.raw(), headers(received)));
    }

    private static Map<String, List<String>> headers(Received r) {
        return Map.of("webhook-id", List.of(r.id()), "webhook-timestamp", List.of(r.timestamp()),
                "webhook-signature", List.of(r.signature()));
    }
}
