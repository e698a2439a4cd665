package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Issue 13 on the running stack: two drivers made with run.sh's administrator token; each sees and changes only its
 * own communities, plugin instances and processes (the other's read exactly as unknown ones, whatever headers are
 * sent); revoking a driver's tokens refuses its next calls within seconds.
 */
class TwoDriversIT {

    static final String VOTE = "/api/internal/process/randomness.delayed-stochastic-vote";
    static String admin;

    @BeforeAll
    static void stack() {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
        admin = Stack.adminToken();
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    static String newDriver(String name) {
        return as(admin).body("{\"name\": \"" + name + "\"}").post("/api/internal/drivers").then().statusCode(201)
                .extract().path("token");
    }

    @Test
    void eachDriverSeesAndChangesOnlyItsOwn() {
        String a = newDriver("e2e driver A");
        String b = newDriver("e2e driver B");
        // a new driver's token works once its account reached the gateway (the drivers topic)
        await().atMost(Duration.ofSeconds(20)).until(() -> as(a).get("/api/internal/communities").statusCode() == 200
                && as(b).get("/api/internal/communities").statusCode() == 200);

        String mine = "e2e-driver-a";
        long plugin = as(a).body("{\"plugins\": [{\"name\": \"randomness\", \"config\": {}}, "
                + "{\"name\": \"tutorial\", \"config\": {\"api_key\": \"k\"}}]}").put("/api/internal/community/" + mine)
                .then().statusCode(201).extract().jsonPath().getLong("plugins.find { it.name == 'tutorial' }.id");
        as(b).body("{}").put("/api/internal/community/e2e-driver-b").then().statusCode(201);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> as(a).header("X-Metagov-Community", mine)
                .body("{}").post("/api/internal/action/randomness.random-int").then().statusCode(200));
        String process = as(a).header("X-Metagov-Community", mine)
                .body("{\"options\": [\"yes\", \"no\"], \"delay\": 60}").post(VOTE).then().statusCode(202)
                .extract().header("Location");

        // listing: each its own
        as(a).get("/api/internal/communities").then().statusCode(200)
                .body("items.slug", equalTo(List.of(mine)));
        as(b).get("/api/internal/communities").then().statusCode(200)
                .body("items.slug", equalTo(List.of("e2e-driver-b")));
        as(admin).queryParam("limit", 200).get("/api/internal/communities").then().statusCode(200)
                .body("items.slug", hasItem(mine)).body("items.slug", hasItem("e2e-driver-b"));

        // B reaches nothing of A's, whatever it sends: each answer is the unknown one
        String unknownMessage = as(b).get("/api/internal/community/e2e-no-such").then().statusCode(404)
                .extract().path("message");
        as(b).get("/api/internal/community/" + mine).then().statusCode(404)
                .body("message", equalTo(unknownMessage.replace("e2e-no-such", mine)));
        as(b).get("/api/internal/community/" + mine + "/hooks").then().statusCode(404);
        as(b).body("{}").put("/api/internal/community/" + mine).then().statusCode(409)
                .body("error", equalTo("slug_taken"));
        as(b).body("{\"slug\": \"" + mine + "\"}").post("/api/internal/community").then().statusCode(409);
        as(b).header("X-Metagov-Community", mine).body("{}").post("/api/internal/action/randomness.random-int")
                .then().statusCode(404);
        as(b).header("X-Metagov-Community", mine).body("{\"api_key\": \"stolen\"}")
                .post("/api/internal/plugin/tutorial").then().statusCode(404);
        as(b).delete("/api/internal/plugin/tutorial/" + plugin).then().statusCode(404);
        as(b).header("X-Metagov-Community", mine).delete("/api/internal/plugin/tutorial/" + plugin).then()
                .statusCode(404);
        as(b).get(process).then().statusCode(404);
        as(b).header("X-Metagov-Community", mine).get(process).then().statusCode(404);
        as(b).delete(process).then().statusCode(404);
        as(b).header("X-Metagov-Community", mine).body("{\"options\": [\"x\"], \"delay\": 1}").post(VOTE).then()
                .statusCode(404);
        as(b).body("{\"community_slug\": \"" + mine + "\"}").post("/api/internal/identity/create_id").then()
                .statusCode(404);
        as(b).delete("/api/internal/community/" + mine).then().statusCode(404);
        // a trusted local caller (no token) is the driver local: no better off
        given().get("/api/internal/community/" + mine).then().statusCode(404);
        as(a).get("/api/internal/communities").then().body("items.slug", not(hasItem("e2e-driver-b")));

        // A's things are as A left them, and A changes them
        as(a).get("/api/internal/community/" + mine).then().statusCode(200)
                .body("plugins.name", equalTo(List.of("randomness", "tutorial")));
        as(a).get(process).then().statusCode(200).body("status", equalTo("pending"));
        as(admin).get(process).then().statusCode(200);
        as(a).delete(process).then().statusCode(200).body("status", equalTo("completed"));
        as(a).delete("/api/internal/plugin/tutorial/" + plugin).then().statusCode(204);
        as(a).delete("/api/internal/community/" + mine).then().statusCode(204);
        as(b).delete("/api/internal/community/e2e-driver-b").then().statusCode(204);
    }

    @Test
    void revokingADriversTokensRefusesItsNextCallWithinSeconds() {
        String created = as(admin).body("{\"name\": \"e2e revoked\"}").post("/api/internal/drivers").then()
                .statusCode(201).extract().asString();
        String id = io.restassured.path.json.JsonPath.from(created).getString("id");
        String token = io.restassured.path.json.JsonPath.from(created).getString("token");
        await().atMost(Duration.ofSeconds(20)).until(() -> as(token).get("/api/internal/communities")
                .statusCode() == 200);

        as(admin).delete("/api/internal/drivers/" + id + "/tokens").then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> as(token).get("/api/internal/communities")
                .statusCode() == 401);
        as(token).get("/api/internal/communities").then().statusCode(401).body("error", equalTo("unauthorized"));
        // a token issued after the revocation works
        String fresh = as(admin).post("/api/internal/drivers/" + id + "/tokens").then().statusCode(201)
                .extract().path("token");
        as(fresh).get("/api/internal/communities").then().statusCode(200);
    }
}
