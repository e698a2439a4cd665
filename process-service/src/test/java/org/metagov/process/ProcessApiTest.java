package org.metagov.process;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.events.process.ProcessCommand;
import org.metagov.events.process.ProcessUpdate;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.testing.PrometheusScrape;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Seed 003's process API against real Kafka and PostgreSQL; {@link FakeRunner} plays plugin-runner. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ProcessApiTest extends WithTheOtherServices {

    static final String VOTE = "/api/internal/process/randomness.delayed-stochastic-vote";
    static final String TUTORIAL = "/api/internal/process/tutorial.my-gov-process";
    static final String SECRET = "test-callback-secret"; // the %test secret, whsec_ decoded

    static RequestSpecification as(String community) {
        return given().header("X-Metagov-Community", community).contentType(ContentType.JSON);
    }

    static String start(String path, String body) {
        return as(Fixtures.COMMUNITY).body(body).post(path).then().statusCode(202).extract().header("Location");
    }

    @Test
    void seedPullFlowStartPollClose() {
        ExtractableResponse<Response> started = as(Fixtures.COMMUNITY)
                .body("{\"options\": [\"one\", \"two\", \"three\"], \"delay\": 60}").post(VOTE)
                .then().statusCode(202)
                .header("Location", matchesPattern("^/api/internal/process/randomness\\.delayed-stochastic-vote/"
                        + "[A-Za-z0-9_-]{22}$"))
                .body("status", equalTo("pending"))
                .extract();
        String location = started.header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        given().get(location).then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("randomness.delayed-stochastic-vote"))
                .body("community", equalTo(Fixtures.COMMUNITY))
                .body("status", equalTo("pending"))
                .body("errors", aMapWithSize(0))
                .body("outcome", aMapWithSize(0));
        // the start command carried the validated parameters, without callback_url
        ProcessCommand start = runner.commandsOf(id, ProcessCommand.Type.START).get(0);
        assertEquals(ProcessCommand.startId(id), start.id());
        assertEquals(3, start.parameters().path("options").size());

        given().delete(location).then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("completed"))
                .body("outcome.winner", equalTo("one"))
                .body("errors", aMapWithSize(0));
        given().get(location).then().statusCode(200).body("status", equalTo("completed"))
                .body("outcome.winner", equalTo("one"));
        // closing a completed process again changes nothing and sends nothing
        given().delete(location).then().statusCode(200).body("status", equalTo("completed"));
        assertEquals(1, runner.commandsOf(id, ProcessCommand.Type.CLOSE).size());
    }

    @Test
    void idsAreUnguessable() {
        HashSet<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String location = start(TUTORIAL, "{}");
            ids.add(location.substring(location.lastIndexOf('/') + 1));
        }
        assertEquals(3, ids.size());
        ids.forEach(id -> assertEquals(22, id.length())); // 128 random bits
    }

    @Test
    void invalidParametersAnswer400WithEachError() {
        as(Fixtures.COMMUNITY).body("{\"options\": \"one\"}").post(VOTE).then().statusCode(400)
                .body("error", equalTo("bad_request"))
                .body("message", containsString("randomness.delayed-stochastic-vote"))
                .body("details", hasSize(2))
                .body("details", hasItem(containsString("delay")))
                .body("details", hasItem(containsString("array")));
        as(Fixtures.COMMUNITY).body("{\"options\": [\"a\"], \"delay\": -1}").post(VOTE).then().statusCode(400)
                .body("details[0]", containsString("delay"));
        as(Fixtures.COMMUNITY).body("not json").post(VOTE).then().statusCode(400)
                .body("error", equalTo("malformed_json"));
        as(Fixtures.COMMUNITY).body("[1, 2]").post(VOTE).then().statusCode(400)
                .body("message", containsString("JSON object"));
        as(Fixtures.COMMUNITY).body("{\"options\": [\"a\"], \"delay\": 1, \"callback_url\": 5}").post(VOTE)
                .then().statusCode(400).body("details[0]", equalTo("callback_url"));
    }

    @Test
    void headerCommunityAndPluginRules() {
        given().contentType(ContentType.JSON).body("{\"options\": [\"a\"], \"delay\": 1}").post(VOTE)
                .then().statusCode(400).body("error", equalTo("bad_request"))
                .body("message", equalTo("Missing required header 'X-Metagov-Community'"));
        as("proc-nobody").body("{\"options\": [\"a\"], \"delay\": 1}").post(VOTE)
                .then().statusCode(404).body("error", equalTo("not_found"))
                .body("message", containsString("proc-nobody"));
        as(Fixtures.BARE).body("{\"options\": [\"a\"], \"delay\": 1}").post(VOTE)
                .then().statusCode(400).body("message", equalTo("Plugin 'randomness' is not enabled for community '"
                        + Fixtures.BARE + "'"));
        as(Fixtures.COMMUNITY).body("{}").post("/api/internal/process/randomness.nope").then().statusCode(404);
        as(Fixtures.COMMUNITY).body("{}").post("/api/internal/process/nope.poll").then().statusCode(404);
        as(Fixtures.COMMUNITY).body("{}").post("/api/internal/process/nodot").then().statusCode(404)
                .body("error", equalTo("not_found"));
    }

    @Test
    void aProcessIsFoundOnlyByItsNameAndCommunity() {
        String location = start(VOTE, "{\"options\": [\"a\", \"b\"], \"delay\": 5}");
        String id = location.substring(location.lastIndexOf('/') + 1);
        given().get(location).then().statusCode(200);
        given().header("X-Metagov-Community", Fixtures.COMMUNITY).get(location).then().statusCode(200);
        given().header("X-Metagov-Community", Fixtures.OTHER).get(location).then().statusCode(404)
                .body("error", equalTo("not_found"));
        given().header("X-Metagov-Community", Fixtures.OTHER).delete(location).then().statusCode(404);
        given().get(TUTORIAL + "/" + id).then().statusCode(404);
        given().get(VOTE + "/AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404);
        given().delete(VOTE + "/AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404);
        given().get(location).then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void aProcessItsPluginCannotCloseAnswers409() {
        String location = start("/api/internal/process/oneway.auto", "{}");
        given().delete(location).then().statusCode(409).body("error", equalTo("conflict"))
                .body("message", containsString("cannot be closed"));
        given().get(location).then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void aFailedStartEndsCompletedWithErrors() {
        String location = start(TUTORIAL, "{\"title\": \"fail\"}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(location).then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("errors.message", equalTo("The platform refused to start the poll")));
    }

    @Test
    void callbacksAreSignedRetriedAndCarryTheRecord() throws Exception {
        receiver.stubFor(post("/cb/vote").inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        receiver.stubFor(post("/cb/vote").inScenario("flaky").whenScenarioStateIs("up").willReturn(ok()));
        String callback = "http://localhost:" + receiver.port() + "/cb/vote";
        String location = start(VOTE, "{\"options\": [\"yes\", \"no\"], \"delay\": 30, \"callback_url\": \""
                + callback + "\"}");
        String id = location.substring(location.lastIndexOf('/') + 1);

        // an outcome change while pending (as vote.cast makes one) is pushed too; the first attempt fails (503)
        runner.change(id, EventJson.read("{\"votes\": {\"yes\": 1}}", JsonNode.class));
        await().atMost(Duration.ofSeconds(10)).until(() -> requests("/cb/vote").size() >= 2);
        List<LoggedRequest> first = requests("/cb/vote");
        assertEquals(first.get(0).getHeader("webhook-id"), first.get(1).getHeader("webhook-id"), "a retry keeps its id");
        JsonNode pending = EventJson.read(first.get(1).getBodyAsString(), JsonNode.class);
        assertEquals("pending", pending.path("status").asText());
        assertEquals(1, pending.path("outcome").path("votes").path("yes").asInt());

        JsonNode closed = EventJson.read(given().delete(location).then().statusCode(200).extract().asString(),
                JsonNode.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> requests("/cb/vote").size() >= 3);
        LoggedRequest done = requests("/cb/vote").get(2);
        JsonNode body = EventJson.read(done.getBodyAsString(), JsonNode.class);
        assertEquals(closed, body, "the callback carries the GET shape of the completed process");
        assertEquals("completed", body.path("status").asText());
        assertEquals(id, body.path("id").asText());
        assertNotEquals(first.get(0).getHeader("webhook-id"), done.getHeader("webhook-id"));
        assertTrue(done.getHeader("Content-Type").startsWith("application/json"));
        String expected = "v1," + hmac(done.getHeader("webhook-id") + "." + done.getHeader("webhook-timestamp") + "."
                + done.getBodyAsString());
        assertEquals(expected, done.getHeader("webhook-signature"));
        long age = System.currentTimeMillis() / 1000 - Long.parseLong(done.getHeader("webhook-timestamp"));
        assertTrue(age >= 0 && age < 30, "webhook-timestamp is now, in seconds");

        // a re-delivered or stale update changes nothing and calls back no more
        ProcessUpdate stale = new ProcessUpdate("stale", null, id, Fixtures.COMMUNITY, "randomness",
                "delayed-stochastic-vote", ProcessUpdate.PENDING, EventJson.MAPPER.createObjectNode(),
                EventJson.MAPPER.createObjectNode(), 2, null, java.time.Instant.now());
        double refused = updatesNotApplied();
        runner.send(stale);
        await().atMost(Duration.ofSeconds(10)).until(() -> updatesNotApplied() > refused);
        given().get(location).then().body("status", equalTo("completed")).body("outcome.winner", equalTo("yes"));
        assertEquals(3, requests("/cb/vote").size());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("metagov_process_callbacks_total{outcome=\"retried\"}"))
                .body(containsString("metagov_process_callbacks_total{outcome=\"delivered\"}"));
    }

    @Test
    void aStartThatFailsIsCalledBackToo() {
        receiver.stubFor(post("/cb/failed").willReturn(ok()));
        start(TUTORIAL, "{\"title\": \"fail\", \"callback_url\": \"http://127.0.0.1:" + receiver.port()
                + "/cb/failed\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> requests("/cb/failed").size() == 1);
        JsonNode body = EventJson.read(requests("/cb/failed").get(0).getBodyAsString(), JsonNode.class);
        assertEquals("completed", body.path("status").asText());
        assertEquals("The platform refused to start the poll", body.path("errors").path("message").asText());
    }

    @Test
    void callbackUrlsToInternalAddressesAreRefused() {
        for (String url : List.of("http://10.0.0.7/hook", "http://192.168.1.20/hook", "http://169.254.169.254/latest",
                "http://[fd00::1]/hook", "http://0.0.0.0:8083/x")) {
            as(Fixtures.COMMUNITY).body("{\"options\": [\"a\"], \"delay\": 1, \"callback_url\": \"" + url + "\"}")
                    .post(VOTE).then().statusCode(400)
                    .body("message", containsString("not allowed"))
                    .body("details[0]", equalTo("callback_url"));
        }
        as(Fixtures.COMMUNITY).body("{\"options\": [\"a\"], \"delay\": 1, \"callback_url\": \"ftp://example.org/x\"}")
                .post(VOTE).then().statusCode(400).body("message", containsString("http"));
    }

    @Test
    void pendingProcessesAreTickedOneUpdateAtATime() {
        String ticked = start(VOTE, "{\"options\": [\"a\"], \"delay\": 10}");
        String tickedId = ticked.substring(ticked.lastIndexOf('/') + 1);
        String silent = start(VOTE, "{\"options\": [\"a\"], \"delay\": 10, \"silent\": true}");
        String silentId = silent.substring(silent.lastIndexOf('/') + 1);
        String untickable = start(TUTORIAL, "{}");
        String untickableId = untickable.substring(untickable.lastIndexOf('/') + 1);

        // the interval is 1 s in tests (process.updates.force-interval)
        await().atMost(Duration.ofSeconds(10)).until(() ->
                runner.commandsOf(tickedId, ProcessCommand.Type.UPDATE).size() >= 3);
        List<String> ids = runner.commandsOf(tickedId, ProcessCommand.Type.UPDATE).stream().map(ProcessCommand::id)
                .collect(Collectors.toList());
        assertEquals(List.of(tickedId + ":update:1", tickedId + ":update:2", tickedId + ":update:3"), ids.subList(0, 3));
        // an unanswered update is not followed by another one until the answer timeout (10 s in tests)
        assertEquals(1, runner.commandsOf(silentId, ProcessCommand.Type.UPDATE).size());
        // a process without update() is never ticked
        assertEquals(0, runner.commandsOf(untickableId, ProcessCommand.Type.UPDATE).size());
        // completed processes are not ticked any more: a process started after the close is ticked twice (so the
        // ticker ran past the closed one's next due time), the closed one at most once more (a tick in flight)
        given().delete(ticked).then().statusCode(200);
        int after = runner.commandsOf(tickedId, ProcessCommand.Type.UPDATE).size();
        String witness = start(VOTE, "{\"options\": [\"a\"], \"delay\": 10}");
        String witnessId = witness.substring(witness.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                runner.commandsOf(witnessId, ProcessCommand.Type.UPDATE).size() >= 2);
        assertTrue(runner.commandsOf(tickedId, ProcessCommand.Type.UPDATE).size() <= after + 1);
    }

    /** Process updates consumed and found stale or repeated, as the service counts them. */
    static double updatesNotApplied() {
        return PrometheusScrape.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(),
                "metagov_process_updates_total", "applied=false");
    }

    static List<LoggedRequest> requests(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }

    static String hmac(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
