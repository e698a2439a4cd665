package org.metagov.runner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.FakePlatform.Reply;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

/**
 * The check community-service makes before it commits an enable: the plugin's {@code validateConfig} against a fake
 * Discourse, on the runner's HTTP endpoint, with the caller header's HMAC.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ConfigCheckTest {

    static final String KEY = "discourse-k3y";
    FakePlatform discourse;

    @BeforeEach
    void fake() {
        discourse = FakePlatform.start();
        discourse.respond("GET", "/admin/users/list/active.json", request -> KEY.equals(request.header("Api-Key"))
                ? Reply.json(200, "[]")
                : Reply.json(403, "{\"errors\":[\"You are not permitted to view the requested resource.\"],"
                        + "\"error_type\":\"invalid_access\"}"));
    }

    @AfterEach
    void stop() {
        discourse.close();
    }

    String body(String key) {
        return "{\"community\":\"forum\",\"config\":{\"server_url\":\"" + discourse.url() + "\",\"api_key\":\"" + key
                + "\",\"webhook_secret\":\"s\"}}";
    }

    @Test
    void aKeyThePlatformAcceptsIsAcceptedAndOneItRefusesIsRefusedByName() {
        given().body(body(KEY)).post("/api/internal/config-checks/discourse").then().statusCode(200)
                .body("verdict", equalTo("accepted"));
        given().body(body("wrong")).post("/api/internal/config-checks/discourse").then().statusCode(200)
                .body("verdict", equalTo("refused"))
                .body("message", equalTo("Discourse at " + discourse.url() + " refused the api_key (HTTP 403)"));
    }

    @Test
    void aPlatformThatFailsGivesNoVerdict() {
        discourse.respond("GET", "/admin/users/list/active.json", request -> Reply.json(502, "{}"));
        given().body(body(KEY)).post("/api/internal/config-checks/discourse").then().statusCode(200)
                .body("verdict", equalTo("unanswered")).body("message", not(containsString(KEY)));
    }

    @Test
    void aPluginWithoutACheckAcceptsEveryConfigWithoutACall() {
        given().body("{\"community\":\"c\",\"config\":{}}").post("/api/internal/config-checks/randomness").then()
                .statusCode(200).body("verdict", equalTo("accepted"));
    }

    @Test
    void mistakesAreJsonErrors() {
        given().body("{\"community\":\"c\",\"config\":{}}").post("/api/internal/config-checks/nope").then()
                .statusCode(404).body("error", equalTo("not_found"));
        given().body("{\"community\":\"c\"}").post("/api/internal/config-checks/discourse").then()
                .statusCode(400).body("error", equalTo("bad_request"));
        given().body("not json").post("/api/internal/config-checks/discourse").then()
                .statusCode(400).body("error", equalTo("malformed_json"));
    }

    @Test
    void aForgedCallerHeaderIsRefused() {
        String forged = new CallerHeader("another-key-entirely-0123456789").sign(Caller.local());
        given().header(CallerHeader.NAME, forged).body(body(KEY)).post("/api/internal/config-checks/discourse")
                .then().statusCode(401);
        String signed = new CallerHeader("test-internal-key-not-for-production").sign(Caller.local());
        given().header(CallerHeader.NAME, signed).body(body(KEY)).post("/api/internal/config-checks/discourse")
                .then().statusCode(200).body("verdict", equalTo("accepted"));
    }
}
