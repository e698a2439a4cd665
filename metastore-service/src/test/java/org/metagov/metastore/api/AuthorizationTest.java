package org.metagov.metastore.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.metagov.metastore.support.Api.admin;
import static org.metagov.metastore.support.Api.as;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.metastore.support.RsaKeys;
import org.metagov.metastore.support.Tokens;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Bearer JWTs (HS256 shared secret; RS256 with a configured public key and from a JWKS URL) and the scope matrix:
 * no or bad token is 401, a valid token without the scope is 403, wildcards and grants from different levels combine.
 */
@QuarkusTest
@WithTestResource(value = RsaKeys.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class AuthorizationTest {

    static final String ACME = "acme";
    static final String OTHER = "other";
    static final String DS = "shared";

    private static boolean created;

    @BeforeEach
    void datasets() {
        if (created) {
            return;
        }
        created = true;
        for (String owner : List.of(ACME, OTHER)) {
            for (String name : List.of(DS, "data-1", "private")) {
                admin().body(Map.of("owner", owner, "name", name, "datapackage", Map.of("title", owner + " " + name)))
                        .post("/api/datasets").then().statusCode(201);
            }
        }
    }

    private static String key(String which) {
        return ConfigProvider.getConfig().getValue("test.rsa." + which, String.class);
    }

    private static void assert401(Response response, String message) {
        response.then().statusCode(401).contentType(ContentType.JSON).body("error", equalTo("unauthorized"))
                .body("message", containsString(message)).header("WWW-Authenticate", startsWith("Bearer realm="));
    }

    private static int read(String token, String owner, String name) {
        return as(token).get("/api/datasets/{o}/{n}", owner, name).statusCode();
    }

    private static int update(String token, String owner, String name) {
        return as(token).body(Map.of("datapackage", Map.of("title", "changed"))).patch("/api/datasets/{o}/{n}", owner,
                name).statusCode();
    }

    private static int tag(String token, String owner, String name) {
        return as(token).body(Map.of("name", "t" + System.nanoTime())).post("/api/datasets/{o}/{n}/tags", owner, name)
                .statusCode();
    }

    private static int create(String token, String owner) {
        return as(token).body(Map.of("owner", owner, "name", "new-" + System.nanoTime(), "datapackage", Map.of()))
                .post("/api/datasets").statusCode();
    }

    // ---- 401 -------------------------------------------------------------------------------------------------

    @Test
    void noTokenIs401ForEveryEndpoint() {
        assert401(as(null).get("/api/datasets/{o}/{n}", ACME, DS), "bearer token is required");
        assert401(as(null).get("/api/datasets"), "bearer token is required");
        assert401(as(null).get("/api/datasets/{o}/{n}/revisions", ACME, DS), "bearer token is required");
        assert401(as(null).get("/api/datasets/{o}/{n}/tags", ACME, DS), "bearer token is required");
        assert401(as(null).body(Map.of("owner", ACME, "name", "x", "datapackage", Map.of())).post("/api/datasets"),
                "bearer token is required");
        assert401(as(null).delete("/api/datasets/{o}/{n}", ACME, DS), "bearer token is required");
        assert401(as(null).header("Authorization", "Basic YWxpY2U6c2VjcmV0").get("/api/datasets"), "Bearer <JWT>");
        assert401(as(null).header("Authorization", "Bearer ").get("/api/datasets"), "Bearer <JWT>");
    }

    @Test
    void badTokensAre401() {
        assert401(as("not.a.jwt").get("/api/datasets"), "not a valid JWT");
        assert401(as(Tokens.token().scopes("ds:*:*").hs256("another-secret-of-at-least-thirty-two-bytes"))
                .get("/api/datasets"), "signature");
        assert401(as(Tokens.token().scopes("ds:*:*").expiresIn(-3600).hs256()).get("/api/datasets"), "expired");
        assert401(as(Tokens.token().scopes("ds:*:*").noExpiry().hs256()).get("/api/datasets"), "expiry");
        assert401(as(Tokens.token().scopes("ds:*:*").iss("https://evil.test").hs256()).get("/api/datasets"), "issuer");
        assert401(as(Tokens.token().scopes("ds:*:*").iss(null).hs256()).get("/api/datasets"), "issuer");
        assert401(as(Tokens.token().scopes("ds:*:*").aud("someone-else").hs256()).get("/api/datasets"), "audience");
        assert401(as(Tokens.token().scopes("ds:*:*").aud(null).hs256()).get("/api/datasets"), "audience");
        assert401(as(Tokens.token().scopes("ds:*:*").unsigned()).get("/api/datasets"), "");
        // a token that is otherwise fine stays 401 even for an endpoint that would 404
        assert401(as(Tokens.token().scopes("ds:*:*").expiresIn(-3600).hs256()).get("/api/datasets/{o}/{n}", ACME,
                "missing"), "expired");
        // a little clock skew is tolerated
        as(Tokens.token().scopes("ds:*:*").expiresIn(-5).hs256()).get("/api/datasets").then().statusCode(200);
    }

    @Test
    void rs256TokensAreVerifiedWithTheConfiguredKeyOrTheJwks() {
        as(Tokens.token().scopes("ds:*:read").rs256(key("configured"), null)).get("/api/datasets/{o}/{n}", ACME, DS)
                .then().statusCode(200);
        as(Tokens.token().scopes("ds:*:read").rs256(key("published"), RsaKeys.JWKS_KID))
                .get("/api/datasets/{o}/{n}", ACME, DS).then().statusCode(200);
        assert401(as(Tokens.token().scopes("ds:*:read").rs256(key("stranger"), null)).get("/api/datasets"),
                "signature");
        assert401(as(Tokens.token().scopes("ds:*:read").rs256(key("stranger"), RsaKeys.JWKS_KID))
                .get("/api/datasets"), "signature");
        // the JWKS key is only found by its kid; unknown kids fall back to the configured key, which fails
        assert401(as(Tokens.token().scopes("ds:*:read").rs256(key("published"), null)).get("/api/datasets"),
                "signature");
        assert401(as(Tokens.token().scopes("ds:*:read").rs256(key("published"), "unknown-kid")).get("/api/datasets"),
                "");
        // RS256 tokens are held to iss/aud/exp as well
        assert401(as(Tokens.token().scopes("ds:*:read").aud("x").rs256(key("configured"), null))
                .get("/api/datasets"), "audience");
        assert401(as(Tokens.token().scopes("ds:*:read").expiresIn(-3600).rs256(key("published"), RsaKeys.JWKS_KID))
                .get("/api/datasets"), "expired");
    }

    @Test
    void tokensFromTheMintTokenCliAreAccepted() {
        long now = java.time.Instant.now().getEpochSecond();
        String token = org.metagov.metastore.cli.MintToken.mint(Tokens.SECRET, "dev", "Dev", "dev@example.org",
                Tokens.ISSUER, Tokens.AUDIENCE, List.of("ds:acme/*:read,update"), now, now + 60);
        assertEquals(200, read(token, ACME, DS));
        assertEquals(403, read(token, OTHER, DS));
        String wrongAudience = org.metagov.metastore.cli.MintToken.mint(Tokens.SECRET, "dev", null, null,
                Tokens.ISSUER, null, List.of("ds:*:read"), now, now + 60);
        assert401(as(wrongAudience).get("/api/datasets"), "audience");
    }

    // ---- 403 and the scope matrix ------------------------------------------------------------------------------

    @Test
    void readEverywhereButWriteNowhere() {
        String token = Tokens.hs256("ds:*:read");
        assertEquals(200, read(token, ACME, DS));
        assertEquals(200, read(token, OTHER, "private"));
        assertEquals(404, read(token, ACME, "missing"));
        assertEquals(403, update(token, ACME, DS));
        assertEquals(403, tag(token, ACME, DS));
        assertEquals(403, create(token, ACME));
        as(token).delete("/api/datasets/{o}/{n}", ACME, DS).then().statusCode(403).contentType(ContentType.JSON)
                .body("error", equalTo("forbidden")).body("message", containsString("delete"));
    }

    @Test
    void ownerWildcardWithSeveralActions() {
        String token = Tokens.hs256("ds:acme/*:read,update");
        assertEquals(200, read(token, ACME, DS));
        assertEquals(200, update(token, ACME, "data-1"));
        assertEquals(403, read(token, OTHER, DS));
        assertEquals(403, update(token, OTHER, DS));
        assertEquals(403, tag(token, ACME, DS));
        assertEquals(403, create(token, ACME));
        // no scope: 403 whether or not the dataset exists, so nothing leaks
        assertEquals(403, read(token, OTHER, "missing"));
    }

    @Test
    void grantsFromDifferentLevelsCombine() {
        String token = Tokens.hs256("ds:*:read", "ds:acme/*:update", "ds:acme/shared:tag");
        assertEquals(200, read(token, OTHER, DS));
        assertEquals(200, update(token, ACME, "data-1"));
        assertEquals(201, tag(token, ACME, DS));
        assertEquals(403, tag(token, ACME, "data-1"));
        assertEquals(403, update(token, OTHER, DS));
        // the same grants as one space-separated string
        String string = Tokens.token().scopeString("ds:*:read  ds:acme/*:update ds:acme/shared:tag").hs256();
        assertEquals(200, read(string, OTHER, DS));
        assertEquals(201, tag(string, ACME, DS));
        assertEquals(403, tag(string, ACME, "data-1"));
    }

    @Test
    void wildcardsInsideNamesAndOwners() {
        String token = Tokens.hs256("ds:acme/data-*:*", "ds:*/shared:read");
        assertEquals(200, update(token, ACME, "data-1"));
        assertEquals(201, tag(token, ACME, "data-1"));
        assertEquals(403, update(token, ACME, "private"));
        assertEquals(200, read(token, OTHER, DS));
        assertEquals(403, read(token, OTHER, "private"));
        assertEquals(403, read(token, OTHER, "data-1"));
    }

    @Test
    void createNeedsCreateAndTheOwnerMustMatch() {
        assertEquals(201, create(Tokens.hs256("ds:acme/*:create"), ACME));
        assertEquals(403, create(Tokens.hs256("ds:acme/*:create"), OTHER));
        assertEquals(403, create(Tokens.hs256("ds:acme/*:update,read,tag,delete,purge"), ACME));
        assertEquals(201, create(Tokens.hs256("ds:*:create"), OTHER));
    }

    @Test
    void deleteAndPurgeAreSeparateScopes() {
        admin().body(Map.of("owner", ACME, "name", "to-delete", "datapackage", Map.of())).post("/api/datasets").then()
                .statusCode(201);
        String deleter = Tokens.hs256("ds:acme/to-delete:delete");
        as(deleter).queryParam("purge", "true").delete("/api/datasets/{o}/{n}", ACME, "to-delete").then()
                .statusCode(403).body("message", containsString("purge"));
        as(deleter).delete("/api/datasets/{o}/{n}", ACME, "to-delete").then().statusCode(204);
        String purger = Tokens.hs256("ds:acme/to-delete:purge");
        as(purger).queryParam("purge", "true").delete("/api/datasets/{o}/{n}", ACME, "to-delete").then()
                .statusCode(204);
    }

    @Test
    void scopesOfOtherShapesOrUnknownActionsGrantNothing() {
        for (String scope : List.of("openid", "ds:acme:read", "ds:acme/shared:admin", "ds:acme/shared", "ds::read",
                "obj:acme/shared:read", "ds:acme/shared/x:read", "DS:acme/shared:read", "ds:acme/shared:READ")) {
            assertEquals(403, read(Tokens.hs256(scope, "profile"), ACME, DS), scope);
        }
        assertEquals(403, read(Tokens.token().hs256(), ACME, DS));
        assertEquals(200, read(Tokens.hs256("ds:acme/shared:admin,read"), ACME, DS));
    }

    @Test
    void theListingShowsOnlyDatasetsTheTokenMayRead() {
        as(Tokens.hs256("ds:acme/*:read")).queryParam("limit", 100).get("/api/datasets").then().statusCode(200)
                .body("datasets.owner.unique()", equalTo(List.of(ACME)));
        as(Tokens.hs256("ds:other/shared:read", "ds:acme/private:read")).get("/api/datasets").then().statusCode(200)
                .body("datasets.id", equalTo(List.of("acme/private", "other/shared")));
        as(Tokens.hs256("ds:acme/*:update")).get("/api/datasets").then().statusCode(200)
                .body("datasets", equalTo(List.of()));
    }

    @Test
    void theCommitAuthorComesFromTheToken() {
        String full = Tokens.token().name("Grace Hopper").email("grace@example.org").sub("u-1").scopes("ds:*:*")
                .hs256();
        as(full).body(Map.of("datapackage", Map.of("by", "grace"))).patch("/api/datasets/{o}/{n}", OTHER, "data-1")
                .then().statusCode(200).body("revision.author.name", equalTo("Grace Hopper"))
                .body("revision.author.email", equalTo("grace@example.org"));
        String subOnly = Tokens.token().name(null).email(null).sub("service-account-7").scopes("ds:*:*").hs256();
        as(subOnly).body(Map.of("datapackage", Map.of("by", "sub"))).patch("/api/datasets/{o}/{n}", OTHER, "data-1")
                .then().statusCode(200).body("revision.author.name", equalTo("service-account-7"))
                .body("revision.author.email", equalTo(""));
        admin().get("/api/datasets/{o}/{n}/revisions", OTHER, "data-1").then()
                .body("revisions[0].author.name", equalTo("service-account-7"))
                .body("revisions[1].author.name", equalTo("Grace Hopper"));
    }

    // ---- operations ---------------------------------------------------------------------------------------------

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        as(null).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        as(null).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("data-directory")); // beside Quarkus' own shutdown check
        as(null).accept(ContentType.TEXT).get("/q/metrics").then().statusCode(200)
                .body(containsString("metastore_writes_total"));
        as(null).accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/datasets/{owner}/{name}/diff"));
    }
}
