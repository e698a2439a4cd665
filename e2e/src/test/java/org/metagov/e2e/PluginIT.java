package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Metagov's per-plugin endpoints, the plugin metadata and the generated API docs, through the running stack. */
class PluginIT {

    @BeforeAll
    static void stack() {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
        given().contentType(ContentType.JSON).body("{\"name\": \"e2e-plugins\", \"readable_name\": \"\", \"plugins\": []}")
                .put("/api/internal/community/e2e-plugins").then().statusCode(201);
    }

    @Test
    void onePluginIsEnabledUsedAndDisabled() {
        String location = given().contentType(ContentType.JSON).header("X-Metagov-Community", "e2e-plugins")
                .body("{\"config\": {\"default_low\": 1, \"default_high\": 2}}").post("/api/internal/plugin/randomness")
                .then().statusCode(201)
                .header("Location", startsWith("/api/internal/plugin/randomness/"))
                .body("community", equalTo("e2e-plugins")).extract().header("Location");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .header("X-Metagov-Community", "e2e-plugins").body("{\"parameters\": {}}")
                .post("/api/internal/action/randomness.random-int").then().statusCode(200).body("value", equalTo(1)));

        given().delete(location).then().statusCode(204);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .header("X-Metagov-Community", "e2e-plugins").body("{\"parameters\": {}}")
                .post("/api/internal/action/randomness.random-int").then().statusCode(400));
    }

    @Test
    void aPlatformThatFailsIsA502WithAMessage() {
        given().contentType(ContentType.JSON).header("X-Metagov-Community", "e2e-plugins")
                .body("{\"config\": {\"server_url\": \"http://127.0.0.1:9/nothing-listens\"}}")
                .post("/api/internal/plugin/sourcecred").then().statusCode(201);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .header("X-Metagov-Community", "e2e-plugins").body("{\"parameters\": {}}")
                .post("/api/internal/action/sourcecred.total-cred").then().statusCode(502)
                .body("error", equalTo("plugin_failed")));
    }

    @Test
    void metadataAndTheGeneratedDocsDescribeEveryAction() {
        given().get("/api/internal/plugin/tutorial/metadata").then().statusCode(200)
                .body("schemas.actions.id", hasItem("tutorial.times-two"))
                .body("schemas.config.required", hasItem("api_key"));
        given().get("/api/internal/plugin-schemas").then().statusCode(200).body("$", hasKey("sourcecred"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/internal/action/tutorial.times-two"))
                .body("paths", hasKey("/api/action/sourcecred.user-cred"))
                .body("paths", hasKey("/api/internal/process/randomness.delayed-stochastic-vote"))
                .body("paths.'/api/internal/action/tutorial.times-two'.post.requestBody.content.'application/json'"
                        + ".schema.properties.parameters.required", hasItem("value"));
        given().get("/redoc").then().statusCode(200);
        given().get("/swagger").then().statusCode(200);
    }

    @Test
    void aGeneratedCommunityIsFoundThroughTheGatewaysLocation() {
        String location = given().contentType(ContentType.JSON).body("{\"readable_name\": \"Gen\", \"plugins\": []}")
                .post("/api/internal/community").then().statusCode(201)
                .header("Location", startsWith("/api/internal/community/")).extract().header("Location");
        given().get(location).then().statusCode(200).body("readable_name", equalTo("Gen"));
    }
}
