package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.testing.TopicContents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class CommunityApiTest {

    static final String SEED_003_REQUEST = """
            {
                "name": "my-community-1234",
                "readable_name": "",
                "plugins": [
                    {
                        "name": "sourcecred",
                        "config": {
                            "server_url": "https://metagov.github.io/sourcecred-instance"
                        }
                    }
                ]
            }""";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaCompanion kafka;

    @BeforeEach
    void publishCatalog() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "sourcecred", Catalog.SOURCECRED),
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", Catalog.TUTORIAL)).awaitCompletion();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void aCommunityTooLargeForItsKafkaRecordIs413NamingThePartAndNothingIsStored() {
        // under the 1 MiB HTTP limit, over the record limit once the community's envelope is added
        String big = "x".repeat(1_045_000);
        given().contentType(ContentType.JSON)
                .body("{\"plugins\": [{\"name\": \"tutorial\", \"config\": {\"api_key\": \"k\", \"foo\": \"" + big
                        + "\"}}]}")
                .put("/api/internal/community/too-large")
                .then().statusCode(413).body("error", equalTo("payload_too_large"))
                .body("message", containsString("plugins.tutorial.config"));
        given().get("/api/internal/community/too-large").then().statusCode(404);
        // the outbox is not wedged: a later community goes out
        given().contentType(ContentType.JSON).body("{\"plugins\": []}").put("/api/internal/community/after-large")
                .then().statusCode(201);
        assertEquals("after-large", lastState("after-large").slug());
        assertNull(records().stream().filter(r -> "too-large".equals(r.key())).findAny().orElse(null));
    }

    @Test
    void seedRequestCreatesThenUpdatesAndListsHooks() {
        given().contentType(ContentType.JSON).body(SEED_003_REQUEST)
                .put("/api/internal/community/my-community-1234")
                .then().statusCode(201)
                .body("name", equalTo("my-community-1234"))
                .body("plugins[0].name", equalTo("sourcecred"))
                .body("plugins[0].config.server_url", equalTo("https://metagov.github.io/sourcecred-instance"));
        given().contentType(ContentType.JSON).body(SEED_003_REQUEST)
                .put("/api/internal/community/my-community-1234")
                .then().statusCode(200);
        given().get("/api/internal/community/my-community-1234/hooks")
                .then().statusCode(200)
                .body("hooks", contains("/api/hooks/my-community-1234/sourcecred"));

        CommunityState state = lastState("my-community-1234");
        assertEquals("sourcecred", state.plugins().get(0).name());
    }

    @Test
    void secretsAreNeverReturnedAndDefaultsAreFilled() {
        String body = """
                {"name": "secretive", "readable_name": "Secretive", "plugins": [
                  {"name": "tutorial", "config": {"api_key": "ABC123", "webhook_slug": "f5c3ff8f"}}]}""";
        // the write's answer shows the secret it sent (PolicyKit stores it from there), with the defaults filled in
        given().contentType(ContentType.JSON).body(body).put("/api/internal/community/secretive")
                .then().statusCode(201)
                .body("plugins[0].config.api_key", equalTo("ABC123"))
                .body("plugins[0].config.foo", equalTo("bar"));
        String get = given().get("/api/internal/community/secretive").then().statusCode(200)
                .body("readable_name", equalTo("Secretive"))
                .body("plugins[0].config.webhook_slug", equalTo("f5c3ff8f"))
                .extract().asString();
        assertEquals(-1, get.indexOf("ABC123"));
        given().get("/api/internal/community/secretive/hooks").then()
                .body("hooks", contains("/api/hooks/secretive/tutorial/f5c3ff8f"));
        // the runner does need the secret: it travels on the internal topic, sealed (SealedSecretsTest)
        assertEquals("ABC123", lastState("secretive").plugin("tutorial").config().path("api_key").asText());
        long id = given().get("/api/internal/community/secretive").then().extract().jsonPath().getLong("plugins[0].id");

        // what a GET showed, sent back: the secret left out keeps its stored value, and the answer does not show it
        String again = given().contentType(ContentType.JSON).body(get).put("/api/internal/community/secretive")
                .then().statusCode(200)
                .body("plugins[0].id", hasToString(Long.toString(id)))
                .body("plugins[0].config", not(hasKey("api_key")))
                .extract().asString();
        assertEquals(-1, again.indexOf("ABC123"));
        assertEquals("ABC123", lastState("secretive").plugin("tutorial").config().path("api_key").asText());
    }

    @Test
    void reconfiguringKeepsTheInstanceAndLeavingOutDisables() {
        String v1 = """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "k1"}},
                             {"name": "sourcecred", "config": {"server_url": "http://sc.example"}}]}""";
        given().contentType(ContentType.JSON).body(v1).put("/api/internal/community/recfg").then().statusCode(201);
        PluginInstanceState tutorial = lastState("recfg").plugin("tutorial");
        String sourcecredId = lastState("recfg").plugin("sourcecred").id();

        String v2 = """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "k2"}}]}""";
        given().contentType(ContentType.JSON).body(v2).put("/api/internal/community/recfg").then().statusCode(200)
                .body("plugins.name", contains("tutorial"));
        await().atMost(Duration.ofSeconds(10)).until(() -> lastState("recfg").plugin("sourcecred") == null);
        CommunityState after = lastState("recfg");
        // the same instance with its new config: both ids kept (the runner keeps its state)
        assertEquals(tutorial.id(), after.plugin("tutorial").id());
        assertEquals(tutorial.number(), after.plugin("tutorial").number());
        assertEquals("k2", after.plugin("tutorial").config().path("api_key").asText());
        assertNull(after.plugin("sourcecred"), sourcecredId + " should be gone");
    }

    @Test
    void postGeneratesASlugAndDeleteRemoves() {
        String name = given().contentType(ContentType.JSON).body("{\"readable_name\": \"Generated\", \"plugins\": []}")
                .post("/api/internal/community")
                .then().statusCode(201).header("Location", containsString("/api/internal/community/"))
                .body("name", notNullValue()).extract().path("name");
        given().get("/api/internal/community/" + name).then().statusCode(200).body("readable_name", equalTo("Generated"));
        given().delete("/api/internal/community/" + name).then().statusCode(204).body(equalTo(""));
        given().get("/api/internal/community/" + name).then().statusCode(404).body("error", equalTo("not_found"));
        given().delete("/api/internal/community/" + name).then().statusCode(404);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<ConsumerRecord<String, String>> records = records();
            ConsumerRecord<String, String> last = null;
            for (ConsumerRecord<String, String> r : records) {
                if (r.key().equals(name)) {
                    last = r;
                }
            }
            return last != null && last.value() == null;
        });
    }

    @Test
    void badInputIsA4xxWithJson() {
        given().contentType(ContentType.JSON).body("{\"plugins\": [{\"name\": \"nope\"}]}")
                .put("/api/internal/community/c1").then().statusCode(400)
                .body("message", containsString("nope")).body("details", hasItem("nope"));
        given().contentType(ContentType.JSON).body("{\"plugins\": [{\"name\": \"tutorial\", \"config\": {\"foo\": 1}}]}")
                .put("/api/internal/community/c1").then().statusCode(400)
                .body("error", equalTo("bad_request"))
                .body("details.size()", equalTo(2));
        given().contentType(ContentType.JSON).body("{\"plugins\": [}")
                .put("/api/internal/community/c1").then().statusCode(400).body("error", equalTo("malformed_json"));
        given().contentType(ContentType.JSON).body("{\"plugins\": [], \"colour\": \"red\"}")
                .put("/api/internal/community/c1").then().statusCode(400).body("details[0]", containsString("colour"));
        given().contentType(ContentType.JSON).body("{\"plugins\": \"tutorial\"}")
                .put("/api/internal/community/c1").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{}")
                .put("/api/internal/community/bad slug!").then().statusCode(400).body("message", containsString("slug"));
        given().contentType(ContentType.JSON).body("{\"name\": \"other\"}")
                .put("/api/internal/community/c1").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"readable_name\": \"" + "x".repeat(1_100_000) + "\"}")
                .put("/api/internal/community/c1").then().statusCode(413).body("error", equalTo("payload_too_large"));
        given().get("/api/internal/community/never-made").then().statusCode(404).body("message", containsString("never-made"));
    }

    @Test
    void onePluginIsEnabledReconfiguredAndDisabledWithoutTouchingTheOthers() {
        given().contentType(ContentType.JSON).body("""
                {"plugins": [{"name": "sourcecred", "config": {"server_url": "http://sc.example"}}]}""")
                .put("/api/internal/community/per-plugin").then().statusCode(201);
        String sourcecredId = lastState("per-plugin").plugin("sourcecred").id();

        // our earlier {"config": ...} form is still read: tutorial has no property named config
        long id = given().contentType(ContentType.JSON).header("X-Metagov-Community", "per-plugin")
                .body("{\"config\": {\"api_key\": \"SECRET-1\"}}").post("/api/internal/plugin/tutorial")
                .then().statusCode(201)
                .body("name", equalTo("tutorial")).body("community", equalTo("per-plugin"))
                .body("config.api_key", equalTo("SECRET-1")).body("config.foo", equalTo("bar"))
                .extract().jsonPath().getLong("id");
        given().get("/api/internal/community/per-plugin").then()
                .body("plugins.find { it.name == 'tutorial' }.id", hasToString(Long.toString(id)))
                .body("plugins.find { it.name == 'tutorial' }.config", not(hasKey("api_key")));
        // the same config again (bare, as upstream takes it): unchanged, same instance
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "per-plugin")
                .body("{\"api_key\": \"SECRET-1\"}").post("/api/internal/plugin/tutorial")
                .then().statusCode(200).body("id", hasToString(Long.toString(id)));
        // a new config keeps the instance and its id (upstream would make a new one): 200
        String uuid = lastState("per-plugin").plugin("tutorial").id();
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "per-plugin")
                .body("{\"api_key\": \"SECRET-2\"}").post("/api/internal/plugin/tutorial")
                .then().statusCode(200).body("id", hasToString(Long.toString(id)));
        long reconfigured = id;
        await().atMost(Duration.ofSeconds(10)).until(() -> "SECRET-2".equals(
                lastState("per-plugin").plugin("tutorial").config().path("api_key").asText()));
        assertEquals(uuid, lastState("per-plugin").plugin("tutorial").id());
        assertEquals(sourcecredId, lastState("per-plugin").plugin("sourcecred").id());
        // the config as GET showed it (secret left out) keeps the stored secret and changes nothing
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "per-plugin")
                .body("{\"foo\": \"bar\"}").post("/api/internal/plugin/tutorial")
                .then().statusCode(200).body("id", hasToString(Long.toString(id)))
                .body("config", not(hasKey("api_key")));
        assertEquals("SECRET-2", lastState("per-plugin").plugin("tutorial").config().path("api_key").asText());

        given().header("X-Metagov-Community", "someone-else").delete("/api/internal/plugin/tutorial/" + reconfigured)
                .then().statusCode(404);
        given().delete("/api/internal/plugin/sourcecred/" + reconfigured).then().statusCode(404);
        given().delete("/api/internal/plugin/tutorial/" + reconfigured).then().statusCode(204).body(equalTo(""));
        given().delete("/api/internal/plugin/tutorial/" + reconfigured).then().statusCode(404);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastState("per-plugin").plugin("tutorial") == null);
        assertEquals(sourcecredId, lastState("per-plugin").plugin("sourcecred").id());
    }

    @Test
    void perPluginMistakesAre4xx() {
        given().contentType(ContentType.JSON).body("{\"config\": {}}").post("/api/internal/plugin/tutorial")
                .then().statusCode(400).body("message", equalTo("Missing required header 'X-Metagov-Community'"));
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "nobody-here")
                .body("{\"config\": {\"api_key\": \"k\"}}").post("/api/internal/plugin/tutorial")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"plugins\": []}").put("/api/internal/community/pp-errors")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "pp-errors")
                .body("{\"config\": {}}").post("/api/internal/plugin/tutorial")
                .then().statusCode(400).body("details[0]", containsString("api_key"));
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "pp-errors")
                .body("{\"config\": {}}").post("/api/internal/plugin/nope").then().statusCode(400);
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "pp-errors")
                .body("{\"settings\": {}}").post("/api/internal/plugin/tutorial").then().statusCode(400);
    }

    private CommunityState lastState(String slug) {
        ConsumerRecord<String, String>[] found = new ConsumerRecord[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (ConsumerRecord<String, String> r : records()) {
                if (r.key().equals(slug)) {
                    found[0] = r;
                }
            }
            return found[0] != null;
        });
        return SealedRecords.opened(EventJson.read(found[0].value(), CommunityState.class));
    }

    private List<ConsumerRecord<String, String>> records() {
        return TopicContents.read(bootstrap, Topics.COMMUNITIES);
    }
}
