package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metagov.sdk.testkit.FakePlatform;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Seed 003's "Performing Actions" through the running stack, with a SourceCred instance served locally. */
class ActionIT {

    static FakePlatform sourcecred;

    @BeforeAll
    static void stack() throws IOException {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
        sourcecred = FakePlatform.start();
        try (InputStream in = ActionIT.class.getResourceAsStream("/sourcecred-accounts.json")) {
            sourcecred.respond("GET", "/sourcecred-instance/output/accounts.json", 200,
                    "application/json; charset=utf-8", in.readAllBytes());
        }
        String community = """
                {"name": "e2e-actions", "readable_name": "", "plugins": [
                  {"name": "sourcecred", "config": {"server_url": "%s/sourcecred-instance"}},
                  {"name": "tutorial", "config": {"api_key": "k"}},
                  {"name": "randomness", "config": {"default_low": 10, "default_high": 20}}]}"""
                .formatted(sourcecred.url());
        given().contentType(ContentType.JSON).body(community).put("/api/internal/community/e2e-actions")
                .then().statusCode(201);
    }

    @AfterAll
    static void stopSourceCred() {
        sourcecred.close();
    }

    @Test
    void seedActionRequestAsWritten() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("X-Metagov-Community", "e2e-actions").contentType(ContentType.JSON)
                .body("""
                        {
                            "parameters": {
                                "username": "alice"
                            }
                        }""")
                .post("/api/internal/action/sourcecred.user-cred")
                .then().statusCode(200).body("value", equalTo(83.75f)));
        given().header("X-Metagov-Community", "e2e-actions").contentType(ContentType.JSON).body("{}")
                .post("/api/action/sourcecred.total-cred").then().statusCode(200).body("value", equalTo(101.625f));
    }

    @Test
    void pluginsWithStateAndConfig() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("X-Metagov-Community", "e2e-actions").contentType(ContentType.JSON)
                .body("{\"parameters\": {\"value\": 5}}").post("/api/internal/action/tutorial.times-two")
                .then().statusCode(200).body("result", equalTo(10)));
        given().header("X-Metagov-Community", "e2e-actions").contentType(ContentType.JSON).body("{}")
                .post("/api/internal/action/randomness.random-int")
                .then().statusCode(200).body("value", both(greaterThanOrEqualTo(10)).and(lessThan(20)));
        given().header("X-Metagov-Community", "e2e-actions").contentType(ContentType.JSON).body("{}")
                .post("/api/internal/action/randomness.get-lucky-number")
                .then().statusCode(200).body("lucky_number", equalTo(4));
    }

    @Test
    void everyErrorCase() {
        given().contentType(ContentType.JSON).body("{\"parameters\": {\"value\": 5}}")
                .post("/api/internal/action/tutorial.times-two")
                .then().statusCode(400).body("message", equalTo("Missing required header 'X-Metagov-Community'"));
        given().header("X-Metagov-Community", "e2e-nobody").contentType(ContentType.JSON).body("{}")
                .post("/api/internal/action/tutorial.times-two").then().statusCode(404);
        given().header("X-Metagov-Community", "my-community-1234-other").contentType(ContentType.JSON).body("{}")
                .post("/api/internal/action/nope.x").then().statusCode(404);
        given().header("X-Metagov-Community", "e2e-actions").contentType(ContentType.JSON).body("{}")
                .post("/api/internal/action/tutorial.nope").then().statusCode(404);
        given().header("X-Metagov-Community", "e2e-actions").contentType(ContentType.JSON)
                .body("{\"parameters\": {\"value\": \"x\"}}")
                .post("/api/internal/action/tutorial.times-two").then().statusCode(400);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("X-Metagov-Community", "e2e-actions").contentType(ContentType.JSON).body("{\"parameters\": {}}")
                .post("/api/internal/action/sourcecred.user-cred")
                .then().statusCode(400).body("message", equalTo("Either a username or an id argument is required")));
    }
}
