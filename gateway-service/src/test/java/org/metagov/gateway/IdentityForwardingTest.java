package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The eight identity routes reach community-service as sent: method, path, query parameters and body. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeIdentityService.class)
class IdentityForwardingTest {

    @Test
    void postsAreForwardedWithTheirBodies() {
        given().contentType(ContentType.JSON).body("{\"community_slug\": \"c1\", \"count\": 2}")
                .post("/api/internal/identity/create_id")
                .then().statusCode(201).body("method", equalTo("POST"))
                .body("path", equalTo("/api/internal/identity/create_id"))
                .body("body", equalTo("{\"community_slug\": \"c1\", \"count\": 2}"))
                .body("content_type", startsWith("application/json"));
        for (String call : List.of("merge_ids", "link_account", "unlink_account")) {
            given().contentType(ContentType.JSON).body("{\"x\": 1}").post("/api/internal/identity/" + call)
                    .then().statusCode(200).body("method", equalTo("POST"))
                    .body("path", equalTo("/api/internal/identity/" + call)).body("body", equalTo("{\"x\": 1}"));
        }
    }

    @Test
    void getsAreForwardedWithTheirQueryStrings() {
        for (String call : List.of("get_user", "get_users", "filter_users_by_account", "get_linked_account")) {
            given().urlEncodingEnabled(false)
                    .get("/api/internal/identity/" + call + "?community=c1&external_id_list=1,2&link_type=manual%20admin")
                    .then().statusCode(200).body("method", equalTo("GET"))
                    .body("path", equalTo("/api/internal/identity/" + call))
                    // the parameters as sent, in order; their encoding may differ (',' as %2C, a space as +)
                    .body("query", equalTo("community=c1&external_id_list=1,2&link_type=manual admin"));
        }
    }

    @Test
    void otherIdentityPathsAndMethodsAreJsonErrors() {
        given().get("/api/internal/identity/nope").then().statusCode(404).body("error", equalTo("not_found"));
        given().get("/api/internal/identity/create_id").then().statusCode(405)
                .body("error", equalTo("method_not_allowed"));
    }
}
