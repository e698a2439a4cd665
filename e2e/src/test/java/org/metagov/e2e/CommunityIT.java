package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Seeds 002/003 communities through the running stack, as a driver sends them. */
class CommunityIT {

    @BeforeAll
    static void stack() {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
    }

    @Test
    void seedCommunityRequestCreatesThenUpdatesAndListsHooks() {
        String seed = """
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
        given().contentType(ContentType.JSON).body(seed).put("/api/internal/community/my-community-1234")
                .then().statusCode(201).body("name", equalTo("my-community-1234"))
                .body("plugins[0].name", equalTo("sourcecred"));
        given().contentType(ContentType.JSON).body(seed).put("/api/internal/community/my-community-1234")
                .then().statusCode(200);
        given().get("/api/internal/community/my-community-1234/hooks").then().statusCode(200)
                .body("hooks", contains("/api/hooks/my-community-1234/sourcecred"));
    }

    @Test
    void secretsStayHiddenAndBadInputIsJson4xx() {
        given().contentType(ContentType.JSON)
                .body("{\"plugins\": [{\"name\": \"tutorial\", \"config\": {\"api_key\": \"ABC123\", \"webhook_slug\": \"s3\"}}]}")
                .put("/api/internal/community/e2e-secret").then().statusCode(201)
                // the write that sent the secret gets it back (PolicyKit reads config.api_key there), defaults filled
                .body("plugins[0].config.api_key", equalTo("ABC123"))
                .body("plugins[0].config.foo", equalTo("bar"));
        // a write that did not send it does not show it, and the stored value is kept
        given().contentType(ContentType.JSON)
                .body("{\"plugins\": [{\"name\": \"tutorial\", \"config\": {\"webhook_slug\": \"s3\"}}]}")
                .put("/api/internal/community/e2e-secret").then().statusCode(200)
                .body("plugins[0].config", not(hasKey("api_key")));
        given().get("/api/internal/community/e2e-secret").then().statusCode(200)
                .body(not(containsString("ABC123")));
        given().get("/api/internal/community/e2e-secret/hooks").then()
                .body("hooks", contains("/api/hooks/e2e-secret/tutorial/s3"));
        given().contentType(ContentType.JSON).body("{\"plugins\": [{\"name\": \"nope\"}]}")
                .put("/api/internal/community/e2e-bad").then().statusCode(400).body("message", containsString("nope"));
        given().contentType(ContentType.JSON).body("{\"plugins\": [{\"name\": \"tutorial\", \"config\": {}}]}")
                .put("/api/internal/community/e2e-bad").then().statusCode(400).body("details[0]", containsString("api_key"));
        given().contentType(ContentType.JSON).body("not json")
                .put("/api/internal/community/e2e-bad").then().statusCode(400).body("error", equalTo("malformed_json"));
        given().get("/api/internal/community/e2e-never").then().statusCode(404).body("error", equalTo("not_found"));
        given().contentType(ContentType.JSON).body("{\"readable_name\": \"gone soon\"}")
                .put("/api/internal/community/e2e-gone").then().statusCode(201);
        given().delete("/api/internal/community/e2e-gone").then().statusCode(204);
        given().get("/api/internal/community/e2e-gone").then().statusCode(404);
    }
}
