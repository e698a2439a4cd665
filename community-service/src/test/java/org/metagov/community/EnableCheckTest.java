package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.CallerHeader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * An enable of a plugin that checks its config ({@code validateConfig}) asks the runner first: a refusal is a 400
 * and nothing is stored; a runner that does not answer within the budget lets the enable go ahead. The runner here
 * is a local HTTP server answering as plugin-runner's {@code /api/internal/config-checks/{plugin}} does.
 */
@QuarkusTest
@TestProfile(EnableCheckTest.Checking.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class EnableCheckTest {

    static final String CHECKED = """
            {"name": "checked", "description": "Checks its key", "actions": [], "processes": [],
             "webhookReceiver": false, "authType": "api_key", "checksConfig": true,
             "configSchema": {"type": "object",
               "properties": {"api_key": {"type": "string", "writeOnly": true}, "label": {"type": "string"}},
               "required": ["api_key"]}}""";

    static final HttpServer RUNNER = fakeRunner();
    static final List<JsonNode> CHECKS = new CopyOnWriteArrayList<>();
    static final List<String> CALLER_HEADERS = new CopyOnWriteArrayList<>();

    public static class Checking implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("community.config-check.enabled", "true", "community.config-check.timeout", "1s",
                    "quarkus.rest-client.plugin-runner.url", "http://127.0.0.1:" + RUNNER.getAddress().getPort());
        }
    }

    /** Refuses the key "wrong"; answers the key "slow" only after the budget; accepts the rest. */
    static HttpServer fakeRunner() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/api/internal/config-checks/checked", exchange -> {
                JsonNode body = EventJson.read(new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8), JsonNode.class);
                CHECKS.add(body);
                CALLER_HEADERS.add(exchange.getRequestHeaders().getFirst(CallerHeader.NAME));
                String key = body.path("config").path("api_key").asText();
                String answer = key.equals("wrong")
                        ? "{\"verdict\":\"refused\",\"message\":\"The platform refused the api_key (HTTP 403)\"}"
                        : "{\"verdict\":\"accepted\"}";
                if (key.equals("slow")) {
                    try {
                        Thread.sleep(3000); // past the 1 s budget of this test's profile
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaCompanion kafka;

    @BeforeEach
    void publishCatalog() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "checked", CHECKED),
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", Catalog.TUTORIAL)).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        // the catalog is read asynchronously: wait until the checked plugin is known
        await().atMost(Duration.ofSeconds(30)).until(() -> given().body(community("probe-key"))
                .put("/api/internal/community/check-probe").statusCode() < 300);
        CHECKS.clear();
        CALLER_HEADERS.clear();
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    static String community(String key) {
        return "{\"plugins\": [{\"name\": \"checked\", \"config\": {\"api_key\": \"" + key + "\"}},"
                + " {\"name\": \"tutorial\", \"config\": {\"api_key\": \"t\"}}]}";
    }

    @Test
    void aRefusedConfigIsA400NamingThePluginAndNothingIsStored() {
        given().body(community("wrong")).put("/api/internal/community/refused-1").then().statusCode(400)
                .body("error", equalTo("bad_request"))
                .body("details", hasItem("checked: The platform refused the api_key (HTTP 403)"));
        given().get("/api/internal/community/refused-1").then().statusCode(404);
        assertEquals(1, CHECKS.size(), "only the plugin that checks its config is asked");
        assertEquals("refused-1", CHECKS.get(0).path("community").asText());
        assertNotNull(CALLER_HEADERS.get(0), "the runner is called with the caller header");

        given().body("{\"api_key\": \"wrong\"}").header("X-Metagov-Community", "check-probe")
                .post("/api/internal/plugin/checked").then().statusCode(400)
                .body("details", hasItem("checked: The platform refused the api_key (HTTP 403)"));
    }

    @Test
    void anAcceptedConfigIsStoredAndAnUnchangedOneIsNotAskedAgain() {
        given().body(community("good")).put("/api/internal/community/accepted-1").then().statusCode(201);
        assertEquals(1, CHECKS.size());
        // a driver sends back what it read: the secret left out keeps its value and nothing changed
        given().body("{\"plugins\": [{\"name\": \"checked\", \"config\": {}},"
                + " {\"name\": \"tutorial\", \"config\": {}}]}").put("/api/internal/community/accepted-1")
                .then().statusCode(200);
        assertEquals(1, CHECKS.size(), "an unchanged config is not checked again");
        // a change of another property is checked with the stored secret filled in
        given().body("{\"plugins\": [{\"name\": \"checked\", \"config\": {\"label\": \"x\"}},"
                + " {\"name\": \"tutorial\", \"config\": {}}]}").put("/api/internal/community/accepted-1")
                .then().statusCode(200);
        assertEquals(2, CHECKS.size());
        assertEquals("good", CHECKS.get(1).path("config").path("api_key").asText());
    }

    @Test
    void aRunnerThatDoesNotAnswerInTimeLetsTheEnableGoAhead() {
        long started = System.nanoTime();
        given().body(community("slow")).put("/api/internal/community/slow-1").then().statusCode(201);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        given().get("/api/internal/community/slow-1").then().statusCode(200)
                .body("plugins.name", hasItem("checked"));
        assertEquals(true, tookMillis < 2900, "the enable waited for the budget, not the runner: " + tookMillis);
    }
}
