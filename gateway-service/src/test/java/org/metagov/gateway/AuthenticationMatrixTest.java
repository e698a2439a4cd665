package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.DriverAccount;
import org.metagov.events.PluginInstanceState;
import org.metagov.gateway.service.OAuthAttribution;
import org.metagov.sdk.Json;
import org.metagov.web.ApiException;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Who may call which /api/internal endpoint, from an address that is not trusted (FakeDriverOwner makes loopback
 * untrusted): each credential against each endpoint, with the status a caller sees and, for a call relayed to the
 * service that owns it, the driver that service was told. Community c1 is driver A's (on the communities topic),
 * so the gateway's own ownership check (actions) answers driver B as for an unknown community.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeDriverOwner.class)
@WithTestResource(TestTokens.class)
class AuthenticationMatrixTest {

    /** method, path, community header (or null). */
    record Endpoint(String method, String path, String community, boolean adminOnly) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/internal/community", null, false),
            new Endpoint("GET", "/api/internal/community/c1", null, false),
            new Endpoint("PUT", "/api/internal/community/c1", null, false),
            new Endpoint("DELETE", "/api/internal/community/c1", null, false),
            new Endpoint("GET", "/api/internal/community/c1/hooks", null, false),
            new Endpoint("GET", "/api/internal/community/c1/audit?kind=process.&limit=5", null, false),
            new Endpoint("POST", "/api/internal/plugin/tutorial", "c1", false),
            new Endpoint("DELETE", "/api/internal/plugin/tutorial/7", null, false),
            new Endpoint("POST", "/api/internal/identity/create_id", null, false),
            new Endpoint("GET", "/api/internal/identity/get_user?external_id=1", null, false),
            new Endpoint("POST", "/api/internal/process/tutorial.vote", "c1", false),
            new Endpoint("GET", "/api/internal/process/tutorial.vote/p1", null, false),
            new Endpoint("DELETE", "/api/internal/process/tutorial.vote/p1", null, false),
            new Endpoint("POST", "/api/internal/action/tutorial.times-two", "c1", false),
            new Endpoint("GET", "/api/internal/communities", null, false),
            new Endpoint("PATCH", "/api/internal/communities/c1", null, false),
            new Endpoint("GET", "/api/internal/drivers", null, true),
            new Endpoint("POST", "/api/internal/drivers", null, true),
            new Endpoint("GET", "/api/internal/drivers/drv_a", null, true),
            new Endpoint("PATCH", "/api/internal/drivers/drv_a", null, true),
            new Endpoint("DELETE", "/api/internal/drivers/drv_x", null, true),
            new Endpoint("POST", "/api/internal/drivers/drv_a/tokens", null, true),
            new Endpoint("DELETE", "/api/internal/drivers/drv_x/tokens", null, true),
            new Endpoint("POST", "/api/internal/drivers/drv_a/callback-secret", null, true),
            new Endpoint("POST", "/api/internal/subscriptions", null, false),
            new Endpoint("GET", "/api/internal/subscriptions", null, false),
            new Endpoint("GET", "/api/internal/subscriptions/sub_1", null, false),
            new Endpoint("PATCH", "/api/internal/subscriptions/sub_1", null, false),
            new Endpoint("DELETE", "/api/internal/subscriptions/sub_1", null, false),
            new Endpoint("POST", "/api/internal/subscriptions/sub_1/replay", null, false),
            new Endpoint("GET", "/api/internal/subscriptions/sub_1/replays/r1", null, false),
            new Endpoint("GET", "/api/internal/subscriptions/sub_1/dead-letters", null, false),
            new Endpoint("POST", "/api/internal/subscriptions/sub_1/dead-letters/e1/retry", null, false));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static boolean published;

    @BeforeEach
    void drivers() {
        if (!published) {
            publish(account("drv_a", 1), account("drv_revoked", 2), account("drv_b", 1),
                    new DriverAccount("drv_oauth", "oauth", List.of("https://oauth.example/metagov/"), 1, 1,
                            Instant.now()),
                    new DriverAccount("drv_oauth_twin", "twin", List.of("https://twin.example/cb"), 1, 1, Instant.now()),
                    new DriverAccount("drv_oauth_twin2", "twin", List.of("https://twin.example/cb"), 1, 1,
                            Instant.now()));
            CommunityState c1 = new CommunityState("c1", "c1", "", List.of(new PluginInstanceState("i1", "tutorial",
                    Json.object().put("api_key", "k"))), 1, Instant.now(), "drv_a");
            CommunityState oauth = new CommunityState("oauth-c", "oauth-c", "", List.of(), 1, Instant.now(),
                    "drv_oauth");
            new KafkaCompanion(bootstrap).produceStrings().fromRecords(
                    new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", ActionApiTest.TUTORIAL),
                    new ProducerRecord<>(Topics.COMMUNITIES, "c1", EventJson.write(c1)),
                    new ProducerRecord<>(Topics.COMMUNITIES, "oauth-c", EventJson.write(oauth))).awaitCompletion();
            published = true;
        }
        // the catalog and community c1 are read once driver A's action reaches its parameter check
        await().atMost(Duration.ofSeconds(30)).until(() -> bearer(TestTokens.token("drv_a", 1, false))
                .header("X-Metagov-Community", "c1").contentType("application/json").body("{}")
                .post("/api/internal/action/tutorial.times-two").statusCode() == 400);
        // the cache has the accounts once driver A's token is taken
        await().atMost(Duration.ofSeconds(30)).until(() -> bearer(TestTokens.token("drv_b", 1, false))
                .get("/api/internal/community/c1").statusCode() == 200);
    }

    @Test
    void everyCredentialOnEveryEndpointGetsItsStatus() {
        Map<String, Optional<String>> credentials = new LinkedHashMap<>();
        credentials.put("no token", Optional.empty());
        credentials.put("bad signature", Optional.of(TestTokens.signedByAnotherKey("drv_a")));
        credentials.put("alg none", Optional.of(TestTokens.unsigned("drv_a")));
        credentials.put("expired", Optional.of(TestTokens.expired("drv_a")));
        credentials.put("wrong issuer", Optional.of(TestTokens.wrongIssuer("drv_a")));
        credentials.put("revoked", Optional.of(TestTokens.token("drv_revoked", 1, false)));
        credentials.put("unknown driver", Optional.of(TestTokens.token("drv_deleted", 1, false)));
        credentials.put("not a JWT", Optional.of("abc.def"));
        credentials.put("driver A", Optional.of(TestTokens.token("drv_a", 1, false)));
        credentials.put("driver B", Optional.of(TestTokens.token("drv_b", 1, false)));
        credentials.put("admin", Optional.of(TestTokens.admin()));
        Map<String, Caller> relayedAs = Map.of("driver A", new Caller("drv_a", false),
                "driver B", new Caller("drv_b", false), "admin", new Caller("admin", true));
        CallerHeader verifier = new CallerHeader(TestTokens.INTERNAL_KEY);
        List<String> wrong = new ArrayList<>();
        for (var credential : credentials.entrySet()) {
            for (Endpoint endpoint : ENDPOINTS) {
                FakeDriverOwner.DRIVER_HEADERS.clear();
                Response response = call(credential.getValue(), endpoint);
                int expected = expected(credential.getKey(), endpoint);
                int status = response.statusCode();
                boolean ok = expected == 0 ? status == 200 || status == 201 || status == 204 : status == expected;
                if (ok && expected == 0) { // relayed: the owner was told exactly this caller
                    String path = endpoint.path().replaceAll("\\?.*", "");
                    ok = FakeDriverOwner.DRIVER_HEADERS.stream()
                            .filter(h -> h.startsWith(endpoint.method() + " " + path + " "))
                            .map(h -> verifier.verify(h.substring(h.lastIndexOf(' ') + 1)))
                            .allMatch(c -> c.equals(Optional.of(relayedAs.get(credential.getKey()))))
                            && !FakeDriverOwner.DRIVER_HEADERS.isEmpty();
                }
                if (ok && (status == 401 || status == 403)) {
                    ok = response.contentType().startsWith("application/json")
                            && response.jsonPath().getString("error").equals(status == 401 ? "unauthorized" : "forbidden")
                            && (status != 401 || response.header("WWW-Authenticate").startsWith("Bearer"));
                }
                if (!ok) {
                    wrong.add(credential.getKey() + " / " + endpoint + ": " + status + " " + response.asString());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /**
     * 0: relayed to the owning service as this caller (which decides ownership there; its tests have their
     * matrices). The action is decided here: c1 is driver A's, so driver B is answered as for an unknown community;
     * the owner and an administrator reach the parameter check (the body has no value: 400).
     */
    private static int expected(String credential, Endpoint endpoint) {
        boolean action = endpoint.path().startsWith("/api/internal/action/");
        return switch (credential) {
            case "driver A" -> endpoint.adminOnly() ? 403 : action ? 400 : 0;
            case "driver B" -> endpoint.adminOnly() ? 403 : action ? 404 : 0;
            case "admin" -> action ? 400 : 0;
            default -> 401;
        };
    }

    @Test
    void anotherDriversCommunityIsAnsweredAsAnUnknownOneWhateverItSends() {
        String unknown = bearer(TestTokens.token("drv_b", 1, false)).header("X-Metagov-Community", "no.such")
                .contentType("application/json").body("{\"parameters\": {\"value\": 1}}")
                .post("/api/internal/action/tutorial.times-two").then().statusCode(404).extract().path("message");
        bearer(TestTokens.token("drv_b", 1, false)).header("X-Metagov-Community", "c1")
                .header("X-Metagov-Driver", new CallerHeader(TestTokens.INTERNAL_KEY).sign(new Caller("drv_a", false)))
                .contentType("application/json").body("{\"parameters\": {\"value\": 1}}")
                .post("/api/internal/action/tutorial.times-two").then().statusCode(404)
                .body("message", equalTo(unknown.replace("no.such", "c1")));
    }

    @Test
    void anOAuthStartIsAttributedByItsRedirectUri() {
        // the longest registered prefix at a boundary; the community must be that driver's
        assertEquals(new OAuthAttribution.Attribution("drv_oauth", "oauth-c"),
                oauth.attribute("https://oauth.example/metagov/slack/done?x=1", "oauth-c"));
        assertEquals(new OAuthAttribution.Attribution("drv_oauth", null),
                oauth.attribute("https://oauth.example/metagov/", null));
        assertEquals(404, refusal(() -> oauth.attribute("https://oauth.example/metagov/x", "c1")));
        assertEquals(404, refusal(() -> oauth.attribute("https://oauth.example/metagov/x", "no-such")));
        // local, by default any http URI on localhost or 127.0.0.1: not another driver's community
        assertEquals("local", oauth.attribute("http://localhost:3000/cb", null).driverId());
        assertEquals("local", oauth.attribute("http://127.0.0.1/cb", null).driverId());
        assertEquals(404, refusal(() -> oauth.attribute("http://localhost:3000/cb", "oauth-c")));
        // no driver registered it: 400, nothing to store
        for (String uri : List.of("https://oauth.example/metagovx", "https://oauth.example.evil.test/metagov/",
                "https://elsewhere.example/", "http://localhost.evil.test/", "https://localhost/cb",
                "http://user@localhost/cb", "/relative", "javascript:alert(1)", "")) {
            assertEquals(400, refusal(() -> oauth.attribute(uri, null)), uri);
        }
        assertEquals(400, refusal(() -> oauth.attribute(null, "oauth-c")));
        // two drivers registered the same prefix: which one is meant cannot be told
        assertEquals(400, refusal(() -> oauth.attribute("https://twin.example/cb/1", null)));
    }

    @Inject
    OAuthAttribution oauth;

    private static int refusal(Runnable call) {
        try {
            call.run();
            return 0;
        } catch (ApiException e) {
            return e.status();
        }
    }

    @Test
    void theServicesBehindGetTheVerifiedDriverWithAValidHmac() {
        CallerHeader verifier = new CallerHeader(TestTokens.INTERNAL_KEY);
        FakeDriverOwner.DRIVER_HEADERS.clear();
        bearer(TestTokens.token("drv_a", 1, false)).get("/api/internal/community/mine").then().statusCode(200);
        bearer(TestTokens.admin()).get("/api/internal/process/tutorial.vote/p9").then().statusCode(200);
        assertEquals(Optional.of(new Caller("drv_a", false)), verifier.verify(header("/api/internal/community/mine")));
        assertEquals(Optional.of(new Caller("admin", true)), verifier.verify(header("/api/internal/process/tutorial.vote/p9")));
        assertTrue(new CallerHeader("another key").verify(header("/api/internal/community/mine")).isEmpty());
    }

    @Test
    void aForwardedForHeaderDoesNotMakeACallerTrusted() {
        given().header("X-Forwarded-For", "127.0.0.1").header("Forwarded", "for=127.0.0.1")
                .get("/api/internal/community/c1").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", equalTo("unauthorized"));
    }

    @Test
    void createAndIssueAnswerATokenForTheAccountsGeneration() {
        Response created = bearer(TestTokens.admin()).contentType("application/json").body("{\"name\": \"new\"}")
                .post("/api/internal/drivers");
        created.then().statusCode(201).body("id", equalTo(FakeDriverOwner.NEW_DRIVER)).body("name", equalTo("new"));
        String token = created.jsonPath().getString("token");
        // refused until the account reaches the gateway on the drivers topic, then taken
        bearer(token).get("/api/internal/community/c1").then().statusCode(401);
        publish(account(FakeDriverOwner.NEW_DRIVER, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> bearer(token).get("/api/internal/community/c1")
                .statusCode() == 200);
        // the owner answers generation 3 for a new token: the token carries it
        String issued = bearer(TestTokens.admin()).post("/api/internal/drivers/drv_b/tokens").then().statusCode(201)
                .body("id", equalTo("drv_b")).extract().jsonPath().getString("token");
        bearer(issued).get("/api/internal/community/c1").then().statusCode(200);
        bearer(TestTokens.admin()).get("/.well-known/jwks.json"); // public, token or not
        given().get("/.well-known/jwks.json").then().statusCode(200).body("keys", hasSize(1))
                .body("keys[0].kty", equalTo("RSA")).body("keys[0].alg", equalTo("RS256"));
    }

    @Test
    void aRevokedOrDeletedDriversTokensAreRefusedOnceTheRecordArrives() {
        String token = TestTokens.token("drv_c", 1, false);
        publish(account("drv_c", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> bearer(token).get("/api/internal/community/c1")
                .statusCode() == 200);
        publish(account("drv_c", 2)); // DELETE /drivers/drv_c/tokens moved the generation on
        await().atMost(Duration.ofSeconds(30)).until(() -> bearer(token).get("/api/internal/community/c1")
                .statusCode() == 401);
        String newer = TestTokens.token("drv_c", 2, false);
        bearer(newer).get("/api/internal/community/c1").then().statusCode(200);
        new KafkaCompanion(bootstrap).produceStrings().fromRecords(new ProducerRecord<>(Topics.DRIVERS, "drv_c", null))
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> bearer(newer).get("/api/internal/community/c1")
                .statusCode() == 401);
    }

    @Test
    void theBootstrapCommandsAdminTokenIsTaken() throws Exception {
        // what deploy/local/run.sh writes to .run/admin.token
        ProcessBuilder builder = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "../deploy/local/DriverToken.java", "admin").redirectErrorStream(true);
        builder.environment().put("METAGOV_JWT_SIGNING_KEY", TestTokens.pem(TestTokens.KEY));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertEquals(0, process.waitFor(), out);
        bearer(out).get("/api/internal/drivers/drv_a").then().statusCode(200);
        // its key id is the one the gateway publishes
        String kid = given().get("/.well-known/jwks.json").then().extract().path("keys[0].kid");
        String header = new String(java.util.Base64.getUrlDecoder().decode(out.substring(0, out.indexOf('.'))),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.contains("\"kid\":\"" + kid + "\""), header + " / " + kid);
    }

    @Test
    void publicRoutesNeedNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/swagger.json").then().statusCode(200);
        int hook = given().contentType("application/json").body("{}").post("/api/hooks/nobody/tutorial").statusCode();
        assertFalse(hook == 401 || hook == 403, "hook: " + hook);
        int action = given().contentType("application/json").body("{}").post("/api/action/tutorial.hello").statusCode();
        assertFalse(action == 401 || action == 403, "public action: " + action);
    }

    private static String header(String path) {
        return FakeDriverOwner.DRIVER_HEADERS.stream().filter(h -> h.contains(" " + path + " ")).findFirst()
                .map(h -> h.substring(h.lastIndexOf(' ') + 1)).orElseThrow();
    }

    private static Response call(Optional<String> token, Endpoint endpoint) {
        RequestSpecification request = token.map(AuthenticationMatrixTest::bearer).orElseGet(() -> given());
        if (endpoint.community() != null) {
            request = request.header("X-Metagov-Community", endpoint.community());
        }
        if (!endpoint.method().equals("GET") && !endpoint.method().equals("DELETE")) {
            request = request.contentType("application/json").body("{\"name\": \"n\"}");
        }
        return request.request(endpoint.method(), endpoint.path());
    }

    static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static DriverAccount account(String id, long generation) {
        return new DriverAccount(id, id, List.of(), generation, generation, Instant.now(), null);
    }

    private void publish(DriverAccount... accounts) {
        KafkaCompanion kafka = new KafkaCompanion(bootstrap);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (DriverAccount account : accounts) {
            records.add(new ProducerRecord<>(Topics.DRIVERS, account.id(), EventJson.write(account)));
        }
        kafka.produceStrings().fromRecords(records).awaitCompletion();
    }
}
