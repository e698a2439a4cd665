package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Upstream Metagov's community and plugin calls as PolicyKit makes them (the contract document's section 6.3):
 * the fields it reads, integer instance ids, community_platform_id and auth_type, bodies of any Content-Type.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class UpstreamCompatibilityTest {

    static final String COMMUNITY = "/api/internal/community";
    static final String HEADER = "X-Metagov-Community";
    static final long TWO_TO_53 = 1L << 53;
    /** HTTP/1.1 as Python requests (PolicyKit) speaks it; java.net.http would otherwise try an h2c upgrade. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URI root;

    KafkaCompanion kafka;

    @BeforeEach
    void publishCatalog() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "sourcecred", Catalog.SOURCECRED),
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", Catalog.TUTORIAL),
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "github", Catalog.GITHUB),
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "nested", Catalog.NESTED),
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "old-runner", Catalog.OLD_RUNNER)).awaitCompletion();
        // every plugin of the catalog is known once a community with all of them can be stored
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200
                && given().contentType(ContentType.JSON).body("""
                        {"plugins": [{"name": "old-runner"}, {"name": "nested"}, {"name": "tutorial",
                          "config": {"api_key": "k"}}, {"name": "github", "config": {"installation_id": "1"}},
                          {"name": "sourcecred", "config": {"server_url": "u"}}]}""")
                        .put(COMMUNITY + "/catalog-probe").statusCode() < 300);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void policyKitCreatesAnEmptyCommunityWithoutAContentTypeAndReadsItsSlug() throws Exception {
        HttpResponse<String> created = send("POST", COMMUNITY, "{\"readable_name\": \"\", \"plugins\": []}", null);
        assertEquals(201, created.statusCode());
        JsonPath body = JsonPath.from(created.body());
        String slug = body.getString("slug");
        assertTrue(slug.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"), slug);
        assertEquals(slug, body.getString("name"));
        assertEquals("", body.getString("readable_name"));
        assertEquals(List.of(), body.getList("plugins"));
        assertEquals(COMMUNITY + "/" + slug, created.headers().firstValue("Location").orElseThrow());

        // PolicyKit's integration-test PUT: the same slug in the body, a plugin; then the settings page's GET
        HttpResponse<String> put = send("PUT", COMMUNITY + "/" + slug, """
                {"slug": "%s", "readable_name": "Policy community",
                 "plugins": [{"name": "sourcecred", "config": {"server_url": "https://sc.example"}}]}"""
                .formatted(slug), "text/plain");
        assertEquals(200, put.statusCode(), put.body());
        ValidatableResponse read = given().get(COMMUNITY + "/" + slug).then().statusCode(200)
                .body("slug", equalTo(slug)).body("name", equalTo(slug))
                .body("readable_name", equalTo("Policy community"))
                .body("plugins[0].name", equalTo("sourcecred"))
                .body("plugins[0].config.server_url", equalTo("https://sc.example"))
                .body("plugins[0].community", equalTo(slug))
                .body("plugins[0].community_platform_id", equalTo("https://sc.example"))
                .body("plugins[0].auth_type", equalTo("none"));
        long id = read.extract().jsonPath().getLong("plugins[0].id");
        assertTrue(id > 0 && id < TWO_TO_53, "id " + id);
        assertTrue(read.extract().asString().matches("(?s).*\"id\":" + id + "[,}].*"), "id is a JSON integer");

        // PolicyKit disables by the integer id, without the header
        given().delete("/api/internal/plugin/sourcecred/" + id).then().statusCode(204);
        given().get(COMMUNITY + "/" + slug).then().body("plugins", empty());
        given().delete(COMMUNITY + "/" + slug).then().statusCode(204);
    }

    @Test
    void putKeepsTheReadableNameWhenLeftOutAndDisablesEverythingWhenPluginsAre() {
        put("keeper", """
                {"name": "keeper", "readable_name": "Kept", "plugins": [
                  {"name": "sourcecred", "config": {"server_url": "https://sc.example"}}]}""").statusCode(201);
        put("keeper", "{\"slug\": \"keeper\"}").statusCode(200)
                .body("readable_name", equalTo("Kept")).body("plugins", empty());
        state("keeper", c -> c.plugins().isEmpty());
        put("keeper", "{\"readable_name\": null, \"plugins\": null}").statusCode(200)
                .body("readable_name", equalTo("Kept"));
        put("keeper", "{\"readable_name\": \"\"}").statusCode(200).body("readable_name", equalTo(""));
    }

    @Test
    void aSlugThatDiffersFromThePathIs400AndPostWithASlugCreatesIt() {
        put("fixed", "{\"slug\": \"renamed\"}").statusCode(400).body("error", equalTo("bad_request"))
                .body("message", containsString("renamed"));
        put("fixed", "{\"name\": \"renamed\"}").statusCode(400);
        put("fixed", "{\"slug\": \"fixed\", \"name\": \"other\"}").statusCode(400);
        given().get(COMMUNITY + "/fixed").then().statusCode(404);
        given().get(COMMUNITY + "/renamed").then().statusCode(404);

        given().body("{\"slug\": \"chosen-slug\", \"readable_name\": \"Chosen\"}").post(COMMUNITY).then()
                .statusCode(201).body("slug", equalTo("chosen-slug")).body("readable_name", equalTo("Chosen"));
        given().body("{\"slug\": \"chosen-slug\"}").post(COMMUNITY).then().statusCode(409)
                .body("error", equalTo("conflict"));
        given().body("{\"slug\": \"no spaces\"}").post(COMMUNITY).then().statusCode(400);
    }

    @Test
    void instanceIdsAreRandomUniqueIntegersAndTheTopicKeepsTheUuid() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            ids.addAll(put("ids-" + i, """
                    {"plugins": [{"name": "sourcecred", "config": {"server_url": "https://sc.example"}},
                                 {"name": "tutorial", "config": {"api_key": "k"}}]}""").statusCode(201)
                    .extract().jsonPath().getList("plugins.id", Long.class));
        }
        assertEquals(8, ids.size(), "unique: " + ids);
        ids.forEach(id -> assertTrue(id > 0 && id < TWO_TO_53, "in range: " + id));
        // random, not counted: 8 ids below 2^32 would happen once in 2^168 tries
        assertTrue(ids.stream().anyMatch(id -> id > (1L << 32)), "not small sequential numbers: " + ids);

        PluginInstanceState state = state("ids-0", c -> c.plugin("tutorial") != null).plugin("tutorial");
        long shown = given().get(COMMUNITY + "/ids-0").jsonPath().getLong("plugins.find { it.name == 'tutorial' }.id");
        assertEquals(shown, state.number());
        assertTrue(state.id().matches("[0-9a-f-]{36}"), "the runner still keys instances by UUID: " + state.id());
        // an unchanged PUT leaves the instance (and its UUID) as it is
        put("ids-0", """
                {"plugins": [{"name": "sourcecred", "config": {"server_url": "https://sc.example"}},
                             {"name": "tutorial", "config": {"api_key": "k"}}]}""").statusCode(200);
        assertEquals(state.id(), state("ids-0", c -> true).plugin("tutorial").id());
    }

    @Test
    void communityPlatformIdComesFromTheDeclaredConfigKeyOrTheDriver() {
        put("platforms", "{\"plugins\": []}").statusCode(201);
        enable("platforms", "github", "", "{\"installation_id\": \"123\", \"webhook_secret\": \"whsec\"}")
                .statusCode(201)
                .body("community_platform_id", equalTo("123")).body("auth_type", equalTo("oauth"))
                .body("config.webhook_secret", equalTo("whsec"));
        assertEquals("123", state("platforms", c -> c.plugin("github") != null).plugin("github").communityPlatformId());
        // the same config again, the secret left out: kept, unchanged (200), and not shown
        enable("platforms", "github", "?community_platform_id=123", "{\"installation_id\": \"123\"}")
                .statusCode(200).body("config", not(hasKey("webhook_secret")));
        assertEquals("whsec", state("platforms", c -> true).plugin("github").config().path("webhook_secret").asText());
        enable("platforms", "github", "?community_platform_id=999", "{\"installation_id\": \"123\"}")
                .statusCode(400).body("details[0]", containsString("contradicts"));

        // a plugin that declares no key: the driver's value, or null (never "None")
        enable("platforms", "tutorial", "", "{\"api_key\": \"k\"}").statusCode(201)
                .body("community_platform_id", nullValue()).body("auth_type", equalTo("api_key"));
        enable("platforms", "tutorial", "?community_platform_id=T42", "{\"api_key\": \"k\"}").statusCode(201)
                .body("community_platform_id", equalTo("T42"));
        // a catalog record from a runner older than auth_type
        enable("platforms", "old-runner", "", "{}").statusCode(201).body("auth_type", equalTo("none"));

        // in a PUT: a field of the plugin entry, a string or an integer; contradicting the config is 400
        put("platforms", """
                {"plugins": [{"name": "github", "config": {"installation_id": "123"}, "community_platform_id": 123}]}""")
                .statusCode(200).body("plugins[0].community_platform_id", equalTo("123"));
        put("platforms", """
                {"plugins": [{"name": "github", "config": {"installation_id": "123"}, "community_platform_id": "7"}]}""")
                .statusCode(400).body("details[0]", containsString("contradicts config.installation_id"));
        CommunityState after = state("platforms", c -> c.plugin("tutorial") == null);
        assertEquals("123", after.plugin("github").communityPlatformId());
        assertEquals(List.of("github"), after.plugins().stream().map(PluginInstanceState::name).toList());
    }

    @Test
    void theConfigWrapperIsReadOnlyWhereItCannotBeAConfig() {
        put("wrapping", "{\"plugins\": []}").statusCode(201);
        // nested has a property named config: the body is its config as it stands
        enable("wrapping", "nested", "", "{\"config\": {\"a\": 1}}").statusCode(201)
                .body("config.config.a", equalTo(1));
        // tutorial has none: a lone config object is the wrapper; with another key beside it, it is not
        enable("wrapping", "tutorial", "", "{\"config\": {\"api_key\": \"k\"}}").statusCode(201)
                .body("config.api_key", equalTo("k")).body("config", not(hasKey("config")));
        // (the same instance re-configured: 200)
        enable("wrapping", "tutorial", "", "{\"config\": {\"api_key\": \"k\"}, \"foo\": \"x\"}").statusCode(200)
                .body("config.config.api_key", equalTo("k")).body("config.foo", equalTo("x"));
    }

    @Test
    void writesAnswerWithDefaultsAndOnlyTheSecretsTheySent() {
        put("answers", """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "sent-key"}}]}""").statusCode(201)
                .body("plugins[0].config.api_key", equalTo("sent-key")).body("plugins[0].config.foo", equalTo("bar"));
        String read = given().get(COMMUNITY + "/answers").then().body("plugins[0].config.foo", equalTo("bar"))
                .extract().asString();
        assertEquals(-1, read.indexOf("sent-key"));
        // a re-configuration that leaves the secret out keeps it, and its answer does not show it
        put("answers", """
                {"plugins": [{"name": "tutorial", "config": {"foo": "baz"}}]}""").statusCode(200)
                .body("plugins[0].config.foo", equalTo("baz")).body("plugins[0].config", not(hasKey("api_key")));
        CommunityState after = state("answers",
                c -> "baz".equals(c.plugin("tutorial").config().path("foo").asText()));
        assertEquals("sent-key", after.plugin("tutorial").config().path("api_key").asText());
    }

    @Test
    void disablingNeedsNoHeaderAndFindsTheInstanceByItsIntegerOrOldUuidId() {
        put("disabling", """
                {"plugins": [{"name": "sourcecred", "config": {"server_url": "https://sc.example"}},
                             {"name": "tutorial", "config": {"api_key": "k"}}]}""").statusCode(201);
        PluginInstanceState tutorial = state("disabling", c -> c.plugins().size() == 2).plugin("tutorial");
        given().delete("/api/internal/plugin/tutorial/" + tutorial.id()).then().statusCode(204);
        long sourcecred = state("disabling", c -> c.plugins().size() == 1).plugin("sourcecred").number();
        given().header(HEADER, "someone-else").delete("/api/internal/plugin/sourcecred/" + sourcecred).then()
                .statusCode(404).body("error", equalTo("not_found"));
        given().delete("/api/internal/plugin/sourcecred/" + sourcecred).then().statusCode(204);
        given().get(COMMUNITY + "/disabling").then().body("plugins", empty());
        for (String id : List.of("abc", "12345678901234567890", "-1", "1.5")) {
            given().delete("/api/internal/plugin/sourcecred/" + id).then().statusCode(404)
                    .contentType(ContentType.JSON).body("error", equalTo("not_found"));
        }
    }

    @Test
    void bodiesAreJsonWhateverTheirTypeAndWhatIsNotJsonIs400() throws Exception {
        put("typed", "{\"plugins\": []}").statusCode(201);
        HttpResponse<String> form = send("POST", "/api/internal/plugin/tutorial", "api_key=k",
                "application/x-www-form-urlencoded", "typed");
        assertEquals(400, form.statusCode());
        assertEquals("malformed_json", JsonPath.from(form.body()).getString("error"));
        HttpResponse<String> bare = send("POST", "/api/internal/plugin/tutorial", "{\"api_key\": \"k\"}", null,
                "typed");
        assertEquals(201, bare.statusCode(), bare.body());
        for (String method : List.of("POST", "PUT")) {
            String path = method.equals("POST") ? COMMUNITY : COMMUNITY + "/typed";
            HttpResponse<String> empty = send(method, path, "", null);
            assertEquals(400, empty.statusCode());
            assertEquals("malformed_json", JsonPath.from(empty.body()).getString("error"));
            HttpResponse<String> yaml = send(method, path, "plugins: []", "application/yaml");
            assertEquals("malformed_json", JsonPath.from(yaml.body()).getString("error"));
            HttpResponse<String> array = send(method, path, "[]", "application/json");
            assertEquals(400, array.statusCode());
            assertEquals("bad_request", JsonPath.from(array.body()).getString("error"));
        }
        HttpResponse<String> empty = send("POST", "/api/internal/plugin/tutorial", "", null, "typed");
        assertEquals(400, empty.statusCode());
        assertEquals("malformed_json", JsonPath.from(empty.body()).getString("error"));
    }

    @Test
    void badPlatformIdsAndPluginEntriesAre400() {
        put("bad-entries", "{\"plugins\": []}").statusCode(201);
        enable("bad-entries", "tutorial", "?community_platform_id=", "{\"api_key\": \"k\"}").statusCode(400)
                .body("details[0]", containsString("community_platform_id"));
        enable("bad-entries", "tutorial", "?community_platform_id=" + "x".repeat(256), "{\"api_key\": \"k\"}")
                .statusCode(400);
        enable("bad-entries", "tutorial", "?community_platform_id=a&community_platform_id=b", "{\"api_key\": \"k\"}")
                .statusCode(400).body("message", containsString("more than once"));
        put("bad-entries", """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "k"}, "community_platform_id": {"a": 1}}]}""")
                .statusCode(400).body("error", equalTo("bad_request"));
        put("bad-entries", """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "k"}, "colour": "red"}]}""")
                .statusCode(400).body("details[0]", containsString("colour"));
        // what a GET returns, sent back as it is, is accepted (id, community, auth_type are ignored)
        put("bad-entries", """
                {"plugins": [{"id": 5, "name": "tutorial", "config": {"api_key": "k"}, "community": "x",
                              "auth_type": "api_key", "community_platform_id": null}]}""").statusCode(200)
                .body("plugins[0].id", not(hasToString("5")));
        enable("bad-entries", "github", "", "[\"installation_id\"]").statusCode(400).body("error", equalTo("bad_request"));
        enable("bad-entries", "nope", "", "{}").statusCode(400).body("message", containsString("nope"));
        given().header(HEADER, "bad slug!").body("{}").post("/api/internal/plugin/tutorial").then().statusCode(404);
        assertNull(state("bad-entries", c -> c.plugin("tutorial") != null).plugin("github"));
    }

    private ValidatableResponse put(String slug, String body) {
        return given().contentType(ContentType.JSON).body(body).put(COMMUNITY + "/" + slug).then()
                .contentType(ContentType.JSON);
    }

    private ValidatableResponse enable(String slug, String plugin, String query, String body) {
        return given().contentType(ContentType.JSON).header(HEADER, slug).body(body)
                .post("/api/internal/plugin/" + plugin + query).then().contentType(ContentType.JSON);
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        return send(method, path, body, contentType, null);
    }

    /** Through java.net.http, which (unlike RestAssured) can send a body with no Content-Type at all. */
    private HttpResponse<String> send(String method, String path, String body, String contentType, String community)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (community != null) {
            request.header(HEADER, community);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The community's latest record on the topic, once it satisfies {@code wanted} (the relay is asynchronous). */
    private CommunityState state(String slug, Predicate<CommunityState> wanted) {
        CommunityState[] found = new CommunityState[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            found[0] = null;
            for (ConsumerRecord<String, String> r : kafka.consumeStrings()
                    .fromTopics(Topics.COMMUNITIES, Duration.ofSeconds(2)).awaitCompletion().getRecords()) {
                if (r.key().equals(slug)) {
                    found[0] = r.value() == null ? null
                            : SealedRecords.opened(EventJson.read(r.value(), CommunityState.class));
                }
            }
            return found[0] != null && wanted.test(found[0]);
        });
        return found[0];
    }
}
