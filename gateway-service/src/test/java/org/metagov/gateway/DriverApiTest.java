package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The driver API as upstream drivers (PolicyKit) call it through the gateway: which calls need the community
 * header, what reaches the owning service, how its answers and its absence come back, and where the documents are.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeOwners.class)
class DriverApiTest {

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/live").statusCode() == 200);
    }

    @Test
    void processLocationsAndPluginDeletesNeedNoCommunityHeader() {
        given().get("/api/internal/process/slack.emoji-vote/p1").then().statusCode(200)
                .body("seen", equalTo("GET /api/internal/process/slack.emoji-vote/p1"));
        given().delete("/api/internal/process/slack.emoji-vote/p1").then().statusCode(200)
                .body("seen", equalTo("DELETE /api/internal/process/slack.emoji-vote/p1"));
        given().delete("/api/internal/plugin/slack/7").then().statusCode(200)
                .body("seen", equalTo("DELETE /api/internal/plugin/slack/7"));
        List<String> headers = FakeOwners.COMMUNITY_HEADERS;
        assertTrue(headers.contains("GET /api/internal/process/slack.emoji-vote/p1 -"), headers.toString());
        assertTrue(headers.contains("DELETE /api/internal/process/slack.emoji-vote/p1 -"), headers.toString());
        assertTrue(headers.contains("DELETE /api/internal/plugin/slack/7 -"), headers.toString());
        // a header that is sent travels on, for the owner to check
        given().header("X-Metagov-Community", "c9").get("/api/internal/process/slack.emoji-vote/p2").then()
                .statusCode(200);
        assertTrue(headers.contains("GET /api/internal/process/slack.emoji-vote/p2 c9"), headers.toString());
    }

    @Test
    void aReopenIsRelayedToProcessServiceWithoutNeedingTheHeader() {
        given().body("{\"delay\": 5}").post("/api/internal/process/randomness.delayed-stochastic-vote/p1/reopen")
                .then().statusCode(200)
                .body("seen", equalTo("POST /api/internal/process/randomness.delayed-stochastic-vote/p1/reopen"));
        assertTrue(FakeOwners.COMMUNITY_HEADERS.contains(
                "POST /api/internal/process/randomness.delayed-stochastic-vote/p1/reopen -"));
    }

    @Test
    void aProcessStartsLocationComesBackAsAPathThroughTheGateway() {
        given().header("X-Metagov-Community", "c1").body("{\"options\": [\"a\"]}")
                .post("/api/internal/process/randomness.delayed-stochastic-vote").then().statusCode(200)
                .header("Location", equalTo("/api/internal/process/randomness.delayed-stochastic-vote/p1"));
    }

    @Test
    void bodiesAreRelayedWhateverTheirContentType() {
        // PolicyKit-style: no Content-Type at all, and a body that is the bare config object
        given().header("X-Metagov-Community", "c1").body("{\"api_key\": \"k\"}".getBytes())
                .post("/api/internal/plugin/loomio").then().statusCode(200)
                .body("seen", equalTo("POST /api/internal/plugin/loomio"));
        given().contentType("text/plain").body("{\"readable_name\": \"\", \"plugins\": []}")
                .post("/api/internal/community").then().statusCode(200)
                .body("seen", equalTo("POST /api/internal/community"));
    }

    @Test
    void aServiceThatDoesNotAnswerIsNamedNotNumbered() {
        given().get("/api/internal/process/slack.emoji-vote/unreachable").then().statusCode(503)
                .body("error", equalTo("unavailable"))
                .body("message", equalTo("process-service is unavailable; retry later"));
        given().get("/api/internal/community/unreachable").then().statusCode(503)
                .body("message", startsWith("community-service is unavailable"));
    }

    @Test
    void theRootRedirectsToReDocAndSwaggerServesTheDocument() {
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", equalTo("/redoc"));
        given().get("/swagger.json").then().statusCode(200).contentType(containsString("json"))
                .body("openapi", startsWith("3."))
                .body("paths", hasKey("/api/internal/community/{slug}"));
        String yaml = given().get("/swagger.yaml").then().statusCode(200).extract().asString();
        assertTrue(yaml.startsWith("---") || yaml.startsWith("openapi:"), yaml.substring(0, 40));
        assertTrue(yaml.contains("/api/internal/community/{slug}"));
    }

    @Test
    void theDocumentDescribesDriverEndpointsWithTheirSchemas() {
        RestAssured.given().get("/swagger.json").then().statusCode(200)
                .body("paths.'/api/internal/community'.post.requestBody.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/CommunityRequest"))
                .body("paths.'/api/internal/community/{slug}'.get.responses.'200'.content.'application/json'"
                        + ".schema.$ref", equalTo("#/components/schemas/Community"))
                .body("paths.'/api/internal/community/{slug}'.get.responses.'404'.content.'application/json'"
                        + ".schema.$ref", equalTo("#/components/schemas/Error"))
                .body("paths.'/api/internal/plugin/{name}'.post.responses.'201'.content.'application/json'"
                        + ".schema.$ref", equalTo("#/components/schemas/PluginInstance"))
                .body("components.schemas.Community.properties", hasKey("readable_name"))
                .body("components.schemas.PluginInstance.properties.id.type", equalTo("integer"))
                .body("components.schemas.PluginInstance.properties", hasKey("community_platform_id"))
                .body("components.schemas.User.properties", hasKey("linked_accounts"))
                .body("paths.'/api/internal/identity/{call}'", hasKey("get"))
                .body("paths.'/api/internal/plugin/{name}/{id}'.delete.parameters.name",
                        not(hasItem("X-Metagov-Community")));
        // no driver endpoint's body documented as bytes (only platforms' hooks take any bytes)
        java.util.Map<String, Object> paths = new java.util.TreeMap<>(given().get("/swagger.json").then().extract()
                .jsonPath().getMap("paths"));
        paths.keySet().removeIf(path -> path.startsWith("/api/hooks"));
        String driverPaths = org.metagov.events.EventJson.write(paths);
        assertEquals(-1, driverPaths.indexOf("binary"), "no byte[] bodies in the driver paths: " + driverPaths);
    }
}
