package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Seed 003's asynchronous governance processes through the running stack: the pull flow (202 + Location, pending,
 * DELETE completes with an outcome), the push flow (callback_url gets the completed record), with
 * randomness.delayed-stochastic-vote (Metagov's own API test sequence) and the native vote.poll with vote.cast.
 */
class ProcessIT {

    static final String COMMUNITY = "e2e-processes";
    static final String STOCHASTIC = "/api/internal/process/randomness.delayed-stochastic-vote";
    static final String POLL = "/api/internal/process/vote.poll";
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void stack() {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
        given().contentType(ContentType.JSON).body("""
                {"name": "e2e-processes", "readable_name": "", "plugins": [
                  {"name": "randomness", "config": {}},
                  {"name": "vote", "config": {}}]}""")
                .put("/api/internal/community/" + COMMUNITY).then().statusCode(anyOf(equalTo(201), equalTo(200)));
        given().contentType(ContentType.JSON).body("{\"plugins\": [{\"name\": \"randomness\", \"config\": {}}]}")
                .put("/api/internal/community/e2e-processes-other").then().statusCode(anyOf(equalTo(201), equalTo(200)));
        // the runner applies the community a moment after the PUT answered: wait until both plugins act there
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> as(COMMUNITY).body("{}")
                .post("/api/internal/action/randomness.random-int").then().log().ifValidationFails().statusCode(200));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> as(COMMUNITY)
                .body("{\"parameters\": {\"process_id\": \"none\", \"voter\": \"x\", \"choices\": [\"a\"]}}")
                .post("/api/internal/action/vote.cast").then().log().ifValidationFails().statusCode(400)
                .body("message", containsString("There is no vote.poll process")));
    }

    static RequestSpecification as(String community) {
        return given().header("X-Metagov-Community", community).contentType(ContentType.JSON);
    }

    static String idOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Metagov's own API test: a delayed-stochastic-vote started, polled pending, closed with a winner. */
    @Test
    void pullFlowWithDelayedStochasticVote() {
        String location = as(COMMUNITY).body("{\"options\": [\"one\", \"two\", \"three\"], \"delay\": 10}")
                .post(STOCHASTIC).then().statusCode(202)
                .header("Location", matchesPattern("^/api/internal/process/randomness\\.delayed-stochastic-vote/"
                        + "[A-Za-z0-9_-]{22}$"))
                .extract().header("Location");
        String id = idOf(location);
        given().get(location).then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("randomness.delayed-stochastic-vote"))
                .body("community", equalTo(COMMUNITY))
                .body("status", equalTo("pending"))
                .body("errors.size()", equalTo(0));
        as("e2e-processes-other").get(location).then().statusCode(404).body("error", equalTo("not_found"));

        given().delete(location).then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("completed"))
                .body("outcome.winner", anyOf(equalTo("one"), equalTo("two"), equalTo("three")));
        given().get(location).then().statusCode(200).body("status", equalTo("completed"));
    }

    /** The push flow: the process completes on its own after its delay and the callback gets the GET shape. */
    @Test
    void pushFlowCallsBackWithTheCompletedRecord() {
        String callback = DriverReceiver.callbackUrl("stochastic");
        String location = as(COMMUNITY)
                .body("{\"callback_url\": \"" + callback + "\", \"options\": [\"red\", \"blue\"], \"delay\": 0.02}")
                .post(STOCHASTIC).then().statusCode(202).extract().header("Location");
        String id = idOf(location);
        DriverReceiver.Received received = await().atMost(Duration.ofSeconds(30))
                .until(() -> callbackFor(id, "completed"), r -> r != null);
        JsonNode body = received.body();
        assertEquals(id, body.path("id").asText());
        assertEquals("randomness.delayed-stochastic-vote", body.path("name").asText());
        assertEquals(COMMUNITY, body.path("community").asText());
        assertTrue(List.of("red", "blue").contains(body.path("outcome").path("winner").asText()), body.toString());
        assertNotNull(header(received, "webhook-id"));
        assertNotNull(header(received, "webhook-timestamp"));
        assertTrue(header(received, "webhook-signature").startsWith("v1,"), "signed with the driver's secret");
        JsonNode polled = read(given().get(location).then().statusCode(200).extract().asString());
        assertEquals(polled, body, "the callback carries what GET shows");
    }

    /** The native vote: ballots through vote.cast, the outcome counted as they come in, closed by the driver. */
    @Test
    void votePollWithCastBallots() {
        String callback = DriverReceiver.callbackUrl("poll");
        String location = as(COMMUNITY).body("""
                {"title": "Lunch?", "options": ["pizza", "sushi"], "eligible_voters": ["alice", "bob", "carol"],
                 "callback_url": "%s"}""".formatted(callback))
                .post(POLL).then().statusCode(202).extract().header("Location");
        String id = idOf(location);
        given().get(location).then().statusCode(200).body("status", equalTo("pending"))
                .body("outcome.votes.pizza.count", equalTo(0));

        cast(id, "alice", "pizza").then().statusCode(200).body("votes.pizza.count", equalTo(1));
        cast(id, "bob", "sushi").then().statusCode(200);
        cast(id, "carol", "sushi").then().statusCode(200);
        // a repeated vote replaces the voter's earlier one
        cast(id, "bob", "pizza").then().statusCode(200)
                .body("votes.pizza.users", equalTo(List.of("alice", "bob")))
                .body("votes.sushi.users", equalTo(List.of("carol")))
                .body("winner", equalTo("pizza"));
        cast(id, "mallory", "pizza").then().statusCode(400).body("message", containsString("not an eligible voter"));
        cast(id, "alice", "tacos").then().statusCode(400).body("message", containsString("not an option"));
        // GET shows the outcome as it comes in
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(location).then()
                .body("status", equalTo("pending")).body("outcome.votes.pizza.count", equalTo(2)));

        given().delete(location).then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("outcome.winner", equalTo("pizza"))
                .body("outcome.votes.sushi.count", equalTo(1));
        cast(id, "carol", "pizza").then().statusCode(400).body("message", containsString("closed"));

        DriverReceiver.Received done = await().atMost(Duration.ofSeconds(15))
                .until(() -> callbackFor(id, "completed"), r -> r != null);
        assertEquals("pizza", done.body().path("outcome").path("winner").asText());
        // outcome changes while pending were pushed too
        assertNotNull(callbackFor(id, "pending"));
    }

    @Test
    void driverMistakesAreJson4xx() {
        given().contentType(ContentType.JSON).body("{\"options\": [\"a\"], \"delay\": 1}").post(STOCHASTIC)
                .then().statusCode(400).body("message", equalTo("Missing required header 'X-Metagov-Community'"));
        as("e2e-nobody").body("{\"options\": [\"a\"], \"delay\": 1}").post(STOCHASTIC).then().statusCode(404);
        as("e2e-processes-other").body("{\"title\": \"t\", \"options\": [\"a\", \"b\"]}").post(POLL)
                .then().statusCode(400).body("message", containsString("not enabled"));
        as(COMMUNITY).body("{\"options\": \"a\"}").post(STOCHASTIC).then().statusCode(400)
                .body("details", hasItem(containsString("delay")));
        as(COMMUNITY).body("{\"title\": \"t\", \"options\": [\"a\", \"b\"], \"colour\": \"red\"}").post(POLL)
                .then().statusCode(400).body("details[0]", containsString("colour"));
        as(COMMUNITY).body("{\"options\": [\"a\"], \"delay\": 1, \"callback_url\": \"http://169.254.169.254/x\"}")
                .post(STOCHASTIC).then().statusCode(400).body("details[0]", equalTo("callback_url"));
        as(COMMUNITY).body("{}").post("/api/internal/process/vote.nope").then().statusCode(404);
        given().get(STOCHASTIC + "/AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404).body("error", equalTo("not_found"));
    }

    static io.restassured.response.Response cast(String processId, String voter, String choice) {
        return as(COMMUNITY).body("{\"parameters\": {\"process_id\": \"%s\", \"voter\": \"%s\", \"choices\": [\"%s\"]}}"
                .formatted(processId, voter, choice)).post("/api/internal/action/vote.cast");
    }

    static DriverReceiver.Received callbackFor(String processId, String status) {
        return DriverReceiver.CALLBACKS.stream()
                .filter(r -> processId.equals(r.body().path("id").asText())
                        && status.equals(r.body().path("status").asText()))
                .reduce((first, second) -> second).orElse(null);
    }

    static String header(DriverReceiver.Received received, String name) {
        return received.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
