package org.metagov.dispatcher;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.dispatcher.DriverEventsKafka.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

/** The dispatcher's internal API: a subscription's dead letters, retrying one, replaying from a time. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(ReceiverStub.class)
class ReplayAndDeadLetterTest {

    private static final String BASE = "/api/internal/subscriptions/local-default";
    private static final Duration WAIT = Duration.ofSeconds(30);

    WireMockServer receiver;

    @BeforeEach
    void answerOkUnlessToldOtherwise() {
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).atPriority(10).willReturn(ok()));
    }

    @Test
    void listsWhatGaveUpPageByPageWithoutTheBodyAndRetriesOne() {
        StubMapping refusing = receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).atPriority(1)
                .withHeader("webhook-id", equalTo("evt-dl-1"))
                .willReturn(aResponse().withStatus(503).withBody("internal stack trace")));
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).atPriority(1)
                .withHeader("webhook-id", equalTo("evt-dl-2")).willReturn(aResponse().withStatus(422)));
        try (DriverEventsKafka kafka = new DriverEventsKafka()) {
            kafka.send(event("evt-dl-1", "dead-community", null, null), event("evt-dl-2", "dead-community", null, null));
        }
        // other tests of this Quarkus run may have left dead letters too: only ours are looked at
        await().atMost(WAIT).until(() -> allPages().stream().filter(l -> l.get("event_id").startsWith("evt-dl-"))
                .count() == 2);

        List<Map<String, String>> all = allPages();
        List<String> ours = all.stream().map(l -> l.get("event_id")).filter(id -> id.startsWith("evt-dl-")).toList();
        assertEquals(List.of("evt-dl-1", "evt-dl-2"), ours, "oldest first");
        assertEquals(all.size(), all.stream().map(l -> l.get("event_id")).distinct().count(), "no item twice");
        Map<String, String> exhausted = all.stream().filter(l -> l.get("event_id").equals("evt-dl-1")).findFirst()
                .orElseThrow();
        assertEquals("retries-exhausted", exhausted.get("cause"));
        assertEquals("503", exhausted.get("last_status"));
        assertEquals("4", exhausted.get("attempts"));
        assertEquals("dead-community", exhausted.get("community"));
        assertEquals("discourse", exhausted.get("source"));
        assertEquals("post_created", exhausted.get("event_type"));
        assertTrue(exhausted.get("reason").startsWith("retries exhausted after 4 attempts"), exhausted.get("reason"));
        assertTrue(all.stream().allMatch(l -> !l.containsKey("body") && !l.get("reason").contains("stack trace")),
                "never the receiver's body");
        Map<String, String> rejected = all.stream().filter(l -> l.get("event_id").equals("evt-dl-2")).findFirst()
                .orElseThrow();
        assertEquals("rejected", rejected.get("cause"));
        assertEquals("422", rejected.get("last_status"));

        receiver.removeStub(refusing);
        given().post(BASE + "/dead-letters/evt-dl-1/retry").then().statusCode(202)
                .body("event_id", is("evt-dl-1")).body("state", is("retrying"));
        await().atMost(WAIT).until(() -> receiver.findAll(postRequestedFor(urlPathEqualTo(ReceiverStub.PATH))
                .withHeader("webhook-id", equalTo("evt-dl-1"))).size() == 5);
        await().atMost(WAIT).until(() -> allPages().stream().map(l -> l.get("event_id"))
                .filter(id -> id.startsWith("evt-dl-")).toList().equals(List.of("evt-dl-2")));
    }

    @Test
    void replaysASubscriptionsEventsFromATimeWithTheirOriginalIds() {
        try (DriverEventsKafka kafka = new DriverEventsKafka()) {
            kafka.send(event("evt-old", "replay-community", null, null));
            await().atMost(WAIT).until(() -> count("evt-old") == 1);
            Instant from = Instant.now();
            kafka.send(event("evt-replay-1", "replay-community", null, null),
                    event("evt-replay-2", "replay-community", null, null));
            await().atMost(WAIT).until(() -> count("evt-replay-1") == 1 && count("evt-replay-2") == 1);

            String replay = given().contentType("application/json").body("{\"from\": \"" + from + "\"}")
                    .post(BASE + "/replay").then().statusCode(202).body("state", is("running"))
                    .body("subscription", is("local-default")).extract().path("id");
            await().atMost(WAIT).until(() -> "finished".equals(get(BASE + "/replays/" + replay).path("state")));
            get(BASE + "/replays/" + replay).then().body("delivered", is(2)).body("dead_lettered", is(0));
            assertEquals(2, count("evt-replay-1"), "delivered again, with the same webhook-id");
            assertEquals(2, count("evt-replay-2"));
            assertEquals(1, count("evt-old"), "before the replay's time");
        }
    }

    @Test
    void answersBadInputWithJson4xx() {
        given().contentType("application/json").body("{\"from\": \"yesterday\"}").post(BASE + "/replay").then()
                .statusCode(400).body("error", is("bad_request")).body("message", startsWith("'from' must be"));
        given().contentType("application/json").body("{\"from\": 5}").post(BASE + "/replay").then().statusCode(400);
        given().contentType("application/json").body("{}").post(BASE + "/replay").then().statusCode(400)
                .body("message", startsWith("'from' is required"));
        given().contentType("application/json").body("{\"from\": \"2999-01-01T00:00:00Z\"}").post(BASE + "/replay")
                .then().statusCode(400).body("message", startsWith("'from' is in the future"));
        given().contentType("application/json").body("{\"from\":").post(BASE + "/replay").then().statusCode(400)
                .body("error", is("malformed_json"));
        given().contentType("application/json").body("{\"from\": \"2020-01-01T00:00:00Z\"}")
                .post("/api/internal/subscriptions/nobody/replay").then().statusCode(404)
                .body("error", is("not_found"));
        get(BASE + "/replays/not-a-uuid").then().statusCode(404);
        get(BASE + "/dead-letters?limit=0").then().statusCode(400).body("error", is("invalid_limit"));
        get(BASE + "/dead-letters?limit=x").then().statusCode(400).body("error", is("invalid_limit"));
        get(BASE + "/dead-letters?cursor=%%%").then().statusCode(400);
        get(BASE + "/dead-letters?cursor=bm9wZQ").then().statusCode(400).body("error", is("invalid_cursor"));
        get("/api/internal/subscriptions/nobody/dead-letters").then().statusCode(404);
        given().post(BASE + "/dead-letters/evt-never/retry").then().statusCode(404).body("error", is("not_found"));
    }

    /** Every dead letter, a page of one at a time, following {@code next}; values as strings. */
    private static List<Map<String, String>> allPages() {
        List<Map<String, String>> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = given().queryParam("limit", 1).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get(BASE + "/dead-letters").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> got = page.getList("items");
            if (got.size() > 1) {
                throw new AssertionError("limit=1 answered " + got.size() + " items");
            }
            got.forEach(item -> {
                Map<String, String> values = new java.util.LinkedHashMap<>();
                item.forEach((k, v) -> values.put(k, v == null ? null : v.toString()));
                items.add(values);
            });
            cursor = page.getString("next");
            if (cursor != null && got.isEmpty()) {
                throw new AssertionError("an empty page with a next cursor");
            }
        } while (cursor != null);
        return items;
    }

    private int count(String webhookId) {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(ReceiverStub.PATH))
                .withHeader("webhook-id", equalTo(webhookId))).size();
    }
}
