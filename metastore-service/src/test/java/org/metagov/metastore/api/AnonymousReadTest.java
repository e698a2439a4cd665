package org.metagov.metastore.api;

import static org.hamcrest.Matchers.equalTo;
import static org.metagov.metastore.support.Api.admin;
import static org.metagov.metastore.support.Api.as;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.metagov.metastore.support.TempDataDir;
import org.metagov.metastore.support.Tokens;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With {@code METASTORE_ANONYMOUS_READ=true}, reads need no token; writes still do, and a bad token is still 401. */
@QuarkusTest
@TestProfile(AnonymousReadTest.AnonymousReads.class)
@WithTestResource(value = TempDataDir.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class AnonymousReadTest {

    public static class AnonymousReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("metastore.anonymous-read", "true");
        }
    }

    @Test
    void readsWithoutATokenWritesNot() {
        String rev = admin().body(Map.of("owner", "pub", "name", "open", "datapackage", Map.of("title", "Open")))
                .post("/api/datasets").then().statusCode(201).extract().path("revision.id");
        as(null).get("/api/datasets/pub/open").then().statusCode(200).body("datapackage.title", equalTo("Open"));
        as(null).get("/api/datasets/pub/open/revisions").then().statusCode(200).body("revisions[0].id", equalTo(rev));
        as(null).get("/api/datasets").then().statusCode(200).body("datasets.id", equalTo(java.util.List.of("pub/open")));
        as(null).queryParam("from", rev).get("/api/datasets/pub/open/diff").then().statusCode(200);
        as(null).get("/api/datasets/pub/open/tags").then().statusCode(200);

        as(null).body(Map.of("datapackage", Map.of())).put("/api/datasets/pub/open").then().statusCode(401);
        as(null).body(Map.of("owner", "pub", "name", "x", "datapackage", Map.of())).post("/api/datasets").then()
                .statusCode(401);
        as(null).body(Map.of("name", "v1")).post("/api/datasets/pub/open/tags").then().statusCode(401);
        as(null).delete("/api/datasets/pub/open").then().statusCode(401);
        as(null).body(Map.of("ref", rev)).post("/api/datasets/pub/open/revert").then().statusCode(401);
        as("garbage").get("/api/datasets/pub/open").then().statusCode(401);
        as(Tokens.token().scopes("ds:*:read").expiresIn(-3600).hs256()).get("/api/datasets/pub/open").then()
                .statusCode(401);
        // a valid token still only gets what its scopes say
        as(Tokens.hs256("ds:other/*:read")).get("/api/datasets/pub/open").then().statusCode(403);
    }
}
