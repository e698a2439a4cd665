package org.metagov.dispatcher;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.get;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.dispatcher.DriverEventsKafka.event;
import static org.metagov.dispatcher.DriverEventsKafka.header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

/** Events produced to driver-events, as the driver's receiver (WireMock) and an operator reading the DLQ see them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(ReceiverStub.class)
class DriverEventDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static DriverEventsKafka kafka;

    WireMockServer receiver;

    @BeforeAll
    static void connect() {
        kafka = new DriverEventsKafka();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void answerOkUnlessToldOtherwise() {
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).atPriority(10).willReturn(ok()));
    }

    @Test
    void postsTheSeedBodyWithVerifiableStandardWebhooksHeaders() throws Exception {
        JsonNode data = EventJson.MAPPER.readTree("{\"topic_id\": 7, \"raw\": \"hello\"}");
        JsonNode initiator = EventJson.MAPPER.readTree("{\"user_id\": \"alice\", \"provider\": \"discourse\"}");
        DriverEvent withInitiator = event("evt-body-1", "body-community", data, initiator);
        DriverEvent anonymous = event("evt-body-2", "body-community", data, null);
        long before = Instant.now().getEpochSecond();

        kafka.send(withInitiator, anonymous);

        LoggedRequest first = awaitRequests("evt-body-1", 1).get(0);
        assertEquals("{\"community\":\"body-community\",\"source\":\"discourse\",\"event_type\":\"post_created\","
                + "\"timestamp\":\"" + withInitiator.timestamp() + "\",\"data\":{\"topic_id\":7,\"raw\":\"hello\"},"
                + "\"initiator\":{\"user_id\":\"alice\",\"provider\":\"discourse\"}}", first.getBodyAsString());
        assertEquals("application/json", first.getHeader("Content-Type"));
        long timestamp = Long.parseLong(first.getHeader("webhook-timestamp"));
        assertTrue(timestamp >= before && timestamp <= Instant.now().getEpochSecond(), "unix seconds of the attempt");
        assertEquals(expectedSignature("evt-body-1", timestamp, first.getBodyAsString()),
                first.getHeader("webhook-signature"));

        LoggedRequest second = awaitRequests("evt-body-2", 1).get(0);
        assertEquals("{\"community\":\"body-community\",\"source\":\"discourse\",\"event_type\":\"post_created\","
                + "\"timestamp\":\"" + anonymous.timestamp() + "\",\"data\":{\"topic_id\":7,\"raw\":\"hello\"},"
                + "\"initiator\":null}", second.getBodyAsString());

        get("/q/metrics").then().statusCode(200)
                .body(containsString("metagov_dispatcher_events_delivered_total{source=\"discourse\"}"))
                .body(containsString("metagov_dispatcher_delivery_latency_seconds_count{source=\"discourse\"}"));
    }

    @Test
    void retriesAServerErrorAndDeliversOnceWithTheSameWebhookId() {
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).withHeader("webhook-id", equalTo("evt-500"))
                .inScenario("evt-500").whenScenarioStateIs(STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(500).withBody("try later")));
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).withHeader("webhook-id", equalTo("evt-500"))
                .inScenario("evt-500").whenScenarioStateIs("recovered").willReturn(ok()));

        kafka.send(event("evt-500", "retry-community", null, null));

        awaitRequests("evt-500", 2);
        // the 200 ends it: no third attempt, no dead letter
        await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> requests("evt-500").size() == 2);
        assertEquals(List.of(500, 200), statuses("evt-500"));
        assertTrue(kafka.readAll("driver-events.dlq").stream().noneMatch(r -> "evt-500".equals(header(r, "webhook-id"))));
        get("/q/metrics").then().body(containsString(
                "metagov_dispatcher_events_retried_total{cause=\"status_5xx\",source=\"discourse\"}"));
    }

    @Test
    void waitsAsLongAsRetryAfterSaysOnA429() {
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).withHeader("webhook-id", equalTo("evt-429"))
                .inScenario("evt-429").whenScenarioStateIs(STARTED).willSetStateTo("calm")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).withHeader("webhook-id", equalTo("evt-429"))
                .inScenario("evt-429").whenScenarioStateIs("calm").willReturn(ok()));

        kafka.send(event("evt-429", "busy-community", null, null));

        List<LoggedRequest> attempts = awaitRequests("evt-429", 2);
        long gap = attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime();
        // the test schedule alone would retry after at most 50 ms
        assertTrue(gap >= 2000, "second attempt " + gap + " ms after the 429, Retry-After said 2 s");
        assertEquals(List.of(429, 200), statuses("evt-429"));
    }

    @Test
    void deadLettersAPermanentRefusalAtOnceAndGoesOnWithTheCommunity() {
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).withHeader("webhook-id", equalTo("evt-400"))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\": \"unknown community\"}")));
        DriverEvent refused = event("evt-400", "strict-community", null, null);

        kafka.send(refused, event("evt-after-400", "strict-community", null, null));

        ConsumerRecord<String, String> letter = awaitDeadLetter("evt-400");
        assertEquals("strict-community", header(letter, "dead-letter-key"), "the original key, for a replay");
        assertEquals("driver-events-" + header(letter, "dead-letter-partition") + "@" + header(letter, "dead-letter-offset"),
                letter.key(), "keyed by its source coordinates: dead-lettered again, it is kept once");
        assertEquals(EventJson.write(refused), letter.value(), "the original record, ready to replay");
        assertEquals("rejected", header(letter, "dead-letter-cause"));
        assertEquals("receiver rejected the event with 400", header(letter, "dead-letter-reason"));
        assertEquals("1", header(letter, "dead-letter-attempts"));
        assertEquals("400", header(letter, "dead-letter-response-status"));
        assertNull(letter.headers().lastHeader("dead-letter-response-body"),
                "never the receiver's body: it may be an internal service's");
        assertEquals("driver-events", header(letter, "dead-letter-topic"));

        LoggedRequest next = awaitRequests("evt-after-400", 1).get(0);
        assertTrue(!next.getLoggedDate().before(requests("evt-400").get(0).getLoggedDate()));
        assertEquals(1, requests("evt-400").size(), "a 400 is not retried");
        get("/q/metrics").then().body(containsString(
                "metagov_dispatcher_events_dead_lettered_total{cause=\"rejected\",source=\"discourse\"}"));
    }

    @Test
    void deadLettersWhenRetriesAreExhaustedAndGoesOnWithTheCommunity() {
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).withHeader("webhook-id", equalTo("evt-503"))
                .willReturn(aResponse().withStatus(503).withBody("down for maintenance")));

        kafka.send(event("evt-503", "outage-community", null, null),
                event("evt-after-503", "outage-community", null, null));

        ConsumerRecord<String, String> letter = awaitDeadLetter("evt-503");
        assertEquals("retries-exhausted", header(letter, "dead-letter-cause"));
        assertTrue(header(letter, "dead-letter-reason").startsWith("retries exhausted after 4 attempts"),
                header(letter, "dead-letter-reason"));
        assertEquals("4", header(letter, "dead-letter-attempts"));
        assertEquals("503", header(letter, "dead-letter-response-status"));
        assertNull(letter.headers().lastHeader("dead-letter-response-body"));
        assertFalse(letter.toString().contains("maintenance"), "the body is nowhere in the dead letter");
        assertEquals(4, requests("evt-503").size(), "the %test schedule allows 4 attempts");

        awaitRequests("evt-after-503", 1);
    }

    @Test
    void deadLettersARecordThatIsNoEventAndGoesOnWithTheCommunity() {
        kafka.sendRaw("poisoned-community", "this is not JSON");
        kafka.send(event("evt-after-poison", "poisoned-community", null, null));

        awaitRequests("evt-after-poison", 1);
        ConsumerRecord<String, String> letter = await().atMost(WAIT).until(() -> kafka.readAll("driver-events.dlq")
                .stream().filter(r -> "poisoned-community".equals(header(r, "dead-letter-key"))).findFirst().orElse(null),
                r -> r != null);
        assertEquals("this is not JSON", letter.value());
        assertEquals("unreadable", header(letter, "dead-letter-cause"));
        assertEquals("0", header(letter, "dead-letter-attempts"));
        assertTrue(header(letter, "webhook-id").startsWith("msg_"), "a stable id derived from the record's position");
        // the receiver got only the real event of that community
        receiver.verify(1, postRequestedFor(urlPathEqualTo(ReceiverStub.PATH))
                .withRequestBody(matchingJsonPath("$.community", equalTo("poisoned-community"))));
    }

    @Test
    void keepsTheOrderOfEachCommunityThroughRandomServerErrors() {
        receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH))
                .withRequestBody(matchingJsonPath("$.community", matching("order-.*")))
                .willReturn(ok().withTransformers(RandomServerErrors.NAME)));
        int communities = 5;
        int perCommunity = 40;
        // interleaved as a busy runner would write them: 0 of each community, then 1 of each, ...
        DriverEvent[] events = IntStream.range(0, communities * perCommunity)
                .mapToObj(i -> event("evt-order-" + i, "order-" + (i % communities),
                        EventJson.MAPPER.createObjectNode().put("seq", i / communities), null))
                .toArray(DriverEvent[]::new);

        kafka.send(events);

        await().atMost(Duration.ofSeconds(60)).until(() -> accepted("order-").size() == events.length);
        Map<String, List<Integer>> seqByCommunity = new LinkedHashMap<>();
        for (LoggedRequest request : accepted("order-")) {
            JsonNode body = read(request.getBodyAsString());
            seqByCommunity.computeIfAbsent(body.get("community").asText(), c -> new ArrayList<>())
                    .add(body.get("data").get("seq").asInt());
        }
        List<Integer> inOrder = IntStream.range(0, perCommunity).boxed().toList();
        assertEquals(communities, seqByCommunity.size());
        seqByCommunity.forEach((community, seqs) -> assertEquals(inOrder, seqs, community + " out of order"));
        long failures = receiver.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 500 && e.getRequest().getBodyAsString().contains("order-"))
                .count();
        assertTrue(failures > 0, "the receiver should have failed some attempts");
    }

    @Test
    void isReadyWithKafkaAndTheReceiverAndPublishesItsApi() {
        get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'event-dispatcher' }.data.receiver", containsString(ReceiverStub.PATH))
                .body("checks.find { it.name == 'event-dispatcher' }.data.kafka", not(""))
                .body("checks.find { it.name == 'event-dispatcher' }.data.consumer-threads", is(6));
        get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        get("/q/openapi").then().statusCode(200).body(containsString("Metagov event-dispatcher"));
    }

    /** Requests for one webhook-id in the order they arrived. */
    private List<LoggedRequest> requests(String webhookId) {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(ReceiverStub.PATH))
                .withHeader("webhook-id", equalTo(webhookId)));
    }

    private List<LoggedRequest> awaitRequests(String webhookId, int count) {
        await().atMost(WAIT).until(() -> requests(webhookId).size() >= count);
        return requests(webhookId);
    }

    /** The statuses the receiver answered for one webhook-id, oldest first. */
    private List<Integer> statuses(String webhookId) {
        return chronological().stream()
                .filter(e -> webhookId.equals(e.getRequest().getHeader("webhook-id")))
                .map(e -> e.getResponse().getStatus()).toList();
    }

    /** 2xx-answered requests of the communities with this prefix, in the order they arrived. */
    private List<LoggedRequest> accepted(String communityPrefix) {
        return chronological().stream()
                .filter(e -> e.getResponse() != null && e.getResponse().getStatus() == 200)
                .map(ServeEvent::getRequest)
                .filter(r -> read(r.getBodyAsString()).get("community").asText().startsWith(communityPrefix))
                .toList();
    }

    /** WireMock journals a request before it answers, newest first; per community that is arrival order. */
    private List<ServeEvent> chronological() {
        List<ServeEvent> events = new ArrayList<>(receiver.getAllServeEvents());
        Collections.reverse(events);
        return events;
    }

    private ConsumerRecord<String, String> awaitDeadLetter(String webhookId) {
        return await().atMost(WAIT).until(() -> kafka.readAll("driver-events.dlq").stream()
                .filter(r -> webhookId.equals(header(r, "webhook-id"))).findFirst().orElse(null),
                letter -> letter != null);
    }

    private static JsonNode read(String json) {
        try {
            return EventJson.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Computed here as a driver would, from the secret both sides know. */
    private static String expectedSignature(String id, long timestamp, String body) throws Exception {
        byte[] key = Base64.getDecoder().decode(ReceiverStub.SECRET.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(digest);
    }
}
