package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The MetaStore as a client uses it on the running stack: a token, a dataset, a revision, a tag. */
class MetastoreIT {

    @BeforeAll
    static void stack() {
        Stack.start();
    }

    @Test
    void aDatasetIsCreatedUpdatedTaggedAndReadBack() throws Exception {
        String writer = token("ds:e2e/*:read,create,update,tag");
        String first = as(writer).body("""
                {"owner": "e2e", "name": "trees", "message": "first",
                 "datapackage": {"name": "trees", "title": "Trees", "resources": []}}""")
                .post("/api/datasets").then().statusCode(201).extract().header("ETag");
        as(writer).header("If-Match", first).body("{\"datapackage\": {\"title\": \"Trees of Europe\"}, \"message\": \"retitle\"}")
                .patch("/api/datasets/e2e/trees").then().statusCode(200);
        // the same stale revision again: refused, nothing written
        as(writer).header("If-Match", first).body("{\"datapackage\": {\"title\": \"Lost\"}}")
                .patch("/api/datasets/e2e/trees").then().statusCode(412);
        as(writer).body("{\"name\": \"v1\", \"description\": \"first release\"}")
                .post("/api/datasets/e2e/trees/tags").then().statusCode(201);

        String reader = token("ds:e2e/trees:read");
        as(reader).get("/api/datasets/e2e/trees").then().statusCode(200)
                .body("datapackage.title", equalTo("Trees of Europe"))
                .body("revision.author.name", equalTo("E2E Driver"));
        as(reader).get("/api/datasets/e2e/trees?ref=v1").then().statusCode(200)
                .body("datapackage.title", equalTo("Trees of Europe"));
        as(reader).get("/api/datasets/e2e/trees/revisions").then().statusCode(200)
                .body("revisions.message", hasItem("first"));
        as(reader).body("{\"datapackage\": {\"title\": \"x\"}}").patch("/api/datasets/e2e/trees").then().statusCode(403);
        given().baseUri(Stack.METASTORE).get("/api/datasets/e2e/trees").then().statusCode(401);
        given().baseUri(Stack.METASTORE).get("/q/health/ready").then().statusCode(200);
    }

    private static RequestSpecification as(String token) {
        return given().baseUri(Stack.METASTORE).contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    /** An HS256 token as a driver without a key infrastructure mints it (metastore-service/mint-token.sh does the same). */
    private static String token(String scopes) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"sub\":\"e2e\",\"name\":\"E2E Driver\",\"email\":\"e2e@example.org\",\"iat\":" + now
                + ",\"exp\":" + (now + 600) + ",\"scopes\":\"" + scopes + "\"}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Stack.METASTORE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
        return header + "." + claims + "." + signature;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
