package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.sdk.Json;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.TopicContents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeCommunityService.class)
class ActionApiTest {

    static final String TUTORIAL = """
            {"name": "tutorial", "description": "Seed 001", "processes": [], "webhookReceiver": true, "authType": "api_key",
             "configSchema": {"type": "object", "properties": {"api_key": {"type": "string", "writeOnly": true}}},
             "actions": [
               {"slug": "times-two", "description": "Multiplies by two", "isPublic": false,
                "inputSchema": {"type": "object", "properties": {"value": {"type": "number"}}, "required": ["value"]},
                "outputSchema": {"type": "object", "properties": {"result": {"type": "number"}}, "required": ["result"]}},
               {"slug": "reject", "isPublic": true}, {"slug": "fail", "isPublic": false},
               {"slug": "slow", "isPublic": false}, {"slug": "platform-timeout", "isPublic": false},
               {"slug": "busy", "isPublic": false},
               {"slug": "bad-output", "isPublic": false,
                "outputSchema": {"type": "object", "properties": {"result": {"type": "number"}}}}]}""";

    static FakeRunner runner;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void setUp() {
        if (runner == null) {
            runner = new FakeRunner(bootstrap);
            CommunityState community = new CommunityState("my-community-1234", "my-community-1234", "",
                    List.of(new PluginInstanceState("i1", "tutorial", Json.object().put("api_key", "secret"))), 0,
                    Instant.now());
            try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
                kafka.produceStrings().fromRecords(
                        new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", TUTORIAL),
                        new ProducerRecord<>(Topics.PLUGIN_CATALOG, "sourcecred",
                                TUTORIAL.replace("tutorial", "sourcecred")),
                        // from a runner older than authType, with no config schema and a process
                        new ProducerRecord<>(Topics.PLUGIN_CATALOG, "bare", """
                                {"name": "bare", "description": "", "actions": [], "webhookReceiver": false,
                                 "processes": [{"name": "vote", "inputSchema": {"type": "object"}}]}"""),
                        new ProducerRecord<>(Topics.COMMUNITIES, community.slug(), EventJson.write(community)))
                        .awaitCompletion();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void performsTheTutorialAction() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .header("X-Metagov-Community", "my-community-1234")
                .body("{\"parameters\": {\"value\": 5}}")
                .post("/api/internal/action/tutorial.times-two")
                .then().statusCode(200).body("result", equalTo(10)));
    }

    @Test
    void anActionRequestCarriesItsDriverAndTraceIdForTheRunnersAuditTrail() {
        String trace = "1f2e3d4c5b6a79881f2e3d4c5b6a7988";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .header("X-Metagov-Community", "my-community-1234")
                .header("traceparent", "00-" + trace + "-a1b2c3d4e5f60718-01")
                .body("{\"parameters\": {\"value\": 31337}}")
                .post("/api/internal/action/tutorial.times-two")
                .then().statusCode(200).body("result", equalTo(62674)));
        var request = TopicContents.read(bootstrap, Topics.ACTION_REQUESTS).stream()
                .filter(r -> r.value().contains("31337")).reduce((a, b) -> b).orElseThrow();
        // a trusted local caller (no token) is the driver local
        assertEquals("local", header(request, AuditEntry.DRIVER_HEADER));
        assertEquals(trace, header(request, AuditEntry.TRACE_ID_HEADER));
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anUnreadableReplyIsDeadLetteredAndLaterRepliesStillArrive() {
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ACTION_REPLIES, "my-community-1234",
                    "{not a reply")).awaitCompletion();
            var letter = kafka.consumeStrings().fromTopics(Topics.ACTION_REPLIES + Topics.DLQ_SUFFIX, 1,
                    Duration.ofSeconds(20)).awaitCompletion().getRecords().get(0);
            org.junit.jupiter.api.Assertions.assertEquals("{not a reply", letter.value());
            org.junit.jupiter.api.Assertions.assertEquals(Topics.ACTION_REPLIES, new String(
                    letter.headers().lastHeader("dead-letter-topic").value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234")
                .body("{\"parameters\": {\"value\": 7}}").post("/api/internal/action/tutorial.times-two")
                .then().statusCode(200).body("result", equalTo(14));
    }

    @Test
    void callerMistakesAre4xx() {
        given().contentType(ContentType.JSON).body("{\"parameters\": {\"value\": 5}}")
                .post("/api/internal/action/tutorial.times-two")
                .then().statusCode(400).body("message", equalTo("Missing required header 'X-Metagov-Community'"));
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "nobody-here")
                .body("{\"parameters\": {\"value\": 5}}")
                .post("/api/internal/action/tutorial.times-two").then().statusCode(404);
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234")
                .body("{\"parameters\": {\"value\": \"five\"}}")
                .post("/api/internal/action/tutorial.times-two")
                .then().statusCode(400).body("details[0]", containsString("value"));
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234")
                .body("{\"parameters\": {}}")
                .post("/api/internal/action/nope.times-two").then().statusCode(404).body("error", equalTo("not_found"));
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234")
                .body("{\"parameters\": {}}")
                .post("/api/internal/action/tutorial.nope").then().statusCode(404);
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234")
                .body("{\"parameters\": {\"value\": 1}}")
                .post("/api/action/tutorial.times-two").then().statusCode(404);
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234")
                .body("{\"parameters\": [}")
                .post("/api/internal/action/tutorial.times-two").then().statusCode(400).body("error", equalTo("malformed_json"));
    }

    @Test
    void theOpenApiDocumentHasEveryActionWithItsSchemasAndFollowsTheCatalog() {
        String timesTwo = "paths.'/api/internal/action/tutorial.times-two'.post";
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(timesTwo + ".summary", equalTo("Multiplies by two"))
                .body(timesTwo + ".parameters.name", hasItem("X-Metagov-Community"))
                .body(timesTwo + ".requestBody.content.'application/json'.schema.properties.parameters.properties.value.type",
                        equalTo("number"))
                .body(timesTwo + ".responses.'200'.content.'application/json'.schema.required", hasItem("result"))
                .body("paths", hasKey("/api/action/tutorial.reject"))
                .body("paths", not(hasKey("/api/action/tutorial.times-two")));

        // a runner publishes a newer catalog: a new plugin with an action and a process shows up without a restart
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PLUGIN_CATALOG, "later", """
                {"name": "later", "description": "Published later", "webhookReceiver": false, "configSchema": {},
                 "actions": [{"slug": "ping", "description": "Answers pong", "isPublic": true}],
                 "processes": [{"name": "poll", "description": "A poll", "canClose": true, "canUpdate": false,
                   "receivesWebhooks": false, "updateIntervalSeconds": 0,
                   "inputSchema": {"type": "object", "properties": {"title": {"type": "string"}}}}]}""")).awaitCompletion();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/openapi?format=json").then()
                .body("paths", hasKey("/api/action/later.ping"))
                .body("paths.'/api/internal/process/later.poll'.post.requestBody.content.'application/json'.schema"
                        + ".properties", hasKey("callback_url"))
                .body("paths.'/api/internal/process/later.poll/{id}'", hasKey("delete")));
        String redoc = given().get("/redoc").then().statusCode(200).body(containsString("/q/openapi"))
                .extract().asString();
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("<script src=\"([^\"]+)\"").matcher(redoc);
        org.junit.jupiter.api.Assertions.assertTrue(script.find(), redoc);
        given().get(script.group(1)).then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("ReDoc"));
    }

    @Test
    void aPluginNotEnabledIsA400() {
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234")
                .body("{\"parameters\": {\"value\": 1}}")
                .post("/api/internal/action/sourcecred.times-two")
                .then().statusCode(400)
                .body("message", equalTo("Plugin 'sourcecred' is not enabled for community 'my-community-1234'"));
    }

    @Test
    void aCommunityTheTopicHasNotDeliveredYetIsAskedFor() {
        // not on the communities topic, but community-service knows it: the action goes through
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "just-created")
                .body("{\"parameters\": {\"value\": 21}}")
                .post("/api/internal/action/tutorial.times-two")
                .then().statusCode(200).body("result", equalTo(42));
    }

    @Test
    void pluginOutcomesMapToStatuses() {
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234").body("{}")
                .post("/api/action/tutorial.reject")
                .then().statusCode(400).body("message", equalTo("Either a username or an id argument is required"));
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234").body("{}")
                .post("/api/internal/action/tutorial.fail")
                .then().statusCode(502).body("error", equalTo("plugin_failed"))
                .body("message", containsString("accounts.json"))
                .body("details[0].body", equalTo("accounts.json is missing")); // what the platform said
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234").body("{}")
                .post("/api/internal/action/tutorial.bad-output")
                .then().statusCode(502).body("error", equalTo("bad_plugin_output"));
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234").body("{}")
                .post("/api/internal/action/tutorial.slow")
                .then().statusCode(504).body("error", equalTo("timeout"));
        // the runner answered that the platform did not answer in time
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234").body("{}")
                .post("/api/internal/action/tutorial.platform-timeout")
                .then().statusCode(504).body("error", equalTo("timeout"))
                .body("message", containsString("did not answer within"));
        // the runner answered that the community is using its whole share (issue 13, fair shares)
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "my-community-1234").body("{}")
                .post("/api/internal/action/tutorial.busy")
                .then().statusCode(429).header("Retry-After", equalTo("3"))
                .body("error", equalTo("too_many_requests")).body("message", containsString("share"));
    }

    @Test
    void anActionTakesItsBodyAsJsonWhateverItsContentTypeAndMayHaveNone() {
        // as PolicyKit posts github.get-installation: no body, no Content-Type; the call reaches the plugin
        given().header("X-Metagov-Community", "my-community-1234").post("/api/action/tutorial.reject")
                .then().statusCode(400).body("message", equalTo("Either a username or an id argument is required"));
        given().header("X-Metagov-Community", "my-community-1234").contentType("text/plain")
                .body("{\"parameters\": {\"value\": 4}}").post("/api/internal/action/tutorial.times-two")
                .then().statusCode(200).body("result", equalTo(8));
        given().header("X-Metagov-Community", "my-community-1234").contentType("text/plain").body("{oops")
                .post("/api/internal/action/tutorial.times-two")
                .then().statusCode(400).body("error", equalTo("malformed_json"));
    }

    @Test
    void aCommunityServiceThatDoesNotAnswerIsNamedNotNumbered() {
        // not on the topic, so community-service is asked, and it ends the connection without an answer
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "unreachable")
                .body("{\"parameters\": {\"value\": 1}}").post("/api/internal/action/tutorial.times-two")
                .then().statusCode(503).body("error", equalTo("unavailable"))
                .body("message", equalTo("community-service is unavailable; retry later"));
    }

    @Test
    void describesPlugins() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/internal/plugin-schemas").then()
                .statusCode(200)
                .body("tutorial.properties", hasKey("api_key"))
                .body("bare", equalTo(java.util.Map.of())));
        // upstream Metagov's metadata shape, as PolicyKit reads it (auth_type, schemas.config.properties)
        given().get("/api/internal/plugin/tutorial/metadata").then().statusCode(200)
                .body("name", equalTo("tutorial"))
                .body("auth_type", equalTo("api_key"))
                .body("uses_webhook", equalTo(true))
                .body("schemas.config.properties", hasKey("api_key"))
                .body("schemas.actions.id", hasItem("tutorial.times-two"))
                .body("schemas.actions.find { it.id == 'tutorial.times-two' }.description", equalTo("Multiplies by two"))
                .body("schemas.actions.find { it.id == 'tutorial.times-two' }.parameters_schema.required",
                        hasItem("value"))
                .body("schemas.actions.find { it.id == 'tutorial.times-two' }.response_schema.required",
                        hasItem("result"))
                .body("schemas.actions.find { it.id == 'tutorial.reject' }", hasKey("parameters_schema"))
                .body("schemas.processes", equalTo(java.util.List.of()))
                .body("schemas.events", equalTo(java.util.List.of()));
        given().get("/api/internal/plugin/bare/metadata").then().statusCode(200)
                .body("auth_type", equalTo("none")).body("uses_webhook", equalTo(false))
                .body("description", equalTo(null))
                .body("schemas.config", equalTo(java.util.Map.of()))
                .body("schemas.processes[0].id", equalTo("bare.vote"))
                .body("schemas.processes[0].response_schema", equalTo(null));
        given().get("/api/internal/plugin/nope/metadata").then().statusCode(404);
    }
}
