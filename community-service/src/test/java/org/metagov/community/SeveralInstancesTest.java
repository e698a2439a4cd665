package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasToString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

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
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Several instances of one plugin in one community (upstream Metagov #50), told apart by community_platform_id:
 * the PUT list is the complete set, the per-plugin POST adds or updates one, DELETE removes one, and an entry that
 * names no instance where several could be meant is a 400 listing them. Checked on the communities topic too.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SeveralInstancesTest {

    static final String COMMUNITY = "/api/internal/community";
    static final String HEADER = "X-Metagov-Community";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaCompanion kafka;

    @BeforeEach
    void publishCatalog() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", Catalog.TUTORIAL),
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "github", Catalog.GITHUB)).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200
                && given().contentType(ContentType.JSON).body("""
                        {"plugins": [{"name": "tutorial", "config": {"api_key": "k"}},
                                     {"name": "github", "config": {"installation_id": "1"}}]}""")
                        .put(COMMUNITY + "/instances-probe").statusCode() < 300);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void aPutListsTwoInstancesOfOnePluginByPlatformIdAndEachKeepsItsIdAcrossAReconfiguration() {
        put("two-orgs", """
                {"plugins": [
                  {"name": "github", "config": {"installation_id": "111", "owner": "org-a", "webhook_secret": "s-a"}},
                  {"name": "github", "config": {"installation_id": "222", "owner": "org-b", "webhook_secret": "s-b"}}]}""")
                .statusCode(201).body("plugins", hasSize(2))
                .body("plugins.community_platform_id", containsInAnyOrder("111", "222"))
                // each answer shows the secret its own entry sent
                .body("plugins.find { it.community_platform_id == '111' }.config.webhook_secret", equalTo("s-a"))
                .body("plugins.find { it.community_platform_id == '222' }.config.webhook_secret", equalTo("s-b"));
        Map<String, PluginInstanceState> first = byPlatformId(state("two-orgs", c -> c.instances("github").size() == 2));
        assertNotEquals(first.get("111").id(), first.get("222").id());
        assertNotEquals(first.get("111").hookSlug(), first.get("222").hookSlug());

        // the same set with one owner changed and the secrets left out (as GET shows them): same instances,
        // the secrets each kept
        put("two-orgs", """
                {"plugins": [{"name": "github", "config": {"installation_id": "222", "owner": "org-b2"}},
                             {"name": "github", "config": {"installation_id": "111", "owner": "org-a"}}]}""")
                .statusCode(200);
        Map<String, PluginInstanceState> second = byPlatformId(state("two-orgs",
                c -> c.instances("github").stream().anyMatch(i -> "org-b2".equals(i.config().path("owner").asText()))));
        assertEquals(first.get("111").id(), second.get("111").id());
        assertEquals(first.get("222").id(), second.get("222").id());
        assertEquals("s-a", second.get("111").config().path("webhook_secret").asText());
        assertEquals("s-b", second.get("222").config().path("webhook_secret").asText());

        // each instance gets a hook URL of its own: the platform-wide one serves GitHub, but community hooks too
        given().get(COMMUNITY + "/two-orgs/hooks").then().statusCode(200)
                .body("hooks", containsInAnyOrder("/api/hooks/two-orgs/github/" + second.get("111").hookSlug(),
                        "/api/hooks/two-orgs/github/" + second.get("222").hookSlug()));

        // one left out of the list is disabled; the other stays as it was
        put("two-orgs", """
                {"plugins": [{"name": "github", "config": {"installation_id": "222", "owner": "org-b2"}}]}""")
                .statusCode(200).body("plugins", hasSize(1));
        CommunityState one = state("two-orgs", c -> c.instances("github").size() == 1);
        assertEquals(second.get("222").id(), one.plugin("github").id());
        given().get(COMMUNITY + "/two-orgs/hooks").then().body("hooks", equalTo(List.of("/api/hooks/two-orgs/github")));
    }

    @Test
    void anEntryNamingNoInstanceWhereSeveralCouldBeMeantIs400ListingThemAndTheOnlyOneIsMatched() {
        put("tutorials", """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "k1"}, "community_platform_id": "T1"},
                             {"name": "tutorial", "config": {"api_key": "k2"}, "community_platform_id": "T2"}]}""")
                .statusCode(201).body("plugins", hasSize(2));
        // tutorial derives no id from its config: without one, either could be meant
        put("tutorials", """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "k3"}}]}""")
                .statusCode(400).body("message", equalTo("Invalid plugin configuration"))
                .body("details[0]", containsString("has 2 instances")).body("details[0]", containsString("T1"))
                .body("details[0]", containsString("T2"));
        enable("tutorials", "", "{\"api_key\": \"k3\"}").statusCode(400)
                .body("details[0]", containsString("choose one with community_platform_id"));
        // two entries for one instance
        put("tutorials", """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "a"}, "community_platform_id": "T1"},
                             {"name": "tutorial", "config": {"api_key": "b"}, "community_platform_id": "T1"}]}""")
                .statusCode(400).body("details[0]", containsString("listed more than once with community_platform_id 'T1'"));
        // nothing changed
        assertEquals(2, state("tutorials", c -> true).instances("tutorial").size());

        // one instance left: an entry without an id is that one (same instance, new config)
        String t2 = byPlatformId(state("tutorials", c -> true)).get("T2").id();
        put("tutorials", """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "k2"}, "community_platform_id": "T2"}]}""")
                .statusCode(200);
        put("tutorials", """
                {"plugins": [{"name": "tutorial", "config": {"api_key": "k2", "foo": "new"}}]}""")
                .statusCode(200).body("plugins[0].community_platform_id", equalTo("T2"));
        CommunityState after = state("tutorials", c -> "new".equals(c.plugin("tutorial").config().path("foo").asText()));
        assertEquals(1, after.instances("tutorial").size());
        assertEquals(t2, after.plugin("tutorial").id());
    }

    @Test
    void thePerPluginPostAddsOrUpdatesOneInstanceAndDeleteRemovesOnlyThatOne() {
        put("per-instance", "{\"plugins\": []}").statusCode(201);
        long a = enable("per-instance", "", "{\"installation_id\": \"1001\"}").statusCode(201)
                .body("community_platform_id", equalTo("1001")).extract().jsonPath().getLong("id");
        // another platform id (from the config's platformIdKey) is another instance beside the first
        long b = enable("per-instance", "?community_platform_id=1002", "{\"installation_id\": \"1002\"}")
                .statusCode(201).body("community_platform_id", equalTo("1002")).extract().jsonPath().getLong("id");
        assertNotEquals(a, b);
        // re-configuring one by its platform id keeps its id and leaves the other alone
        enable("per-instance", "", "{\"installation_id\": \"1002\", \"owner\": \"o\"}").statusCode(200)
                .body("id", hasToString(Long.toString(b))).body("config.owner", equalTo("o"));
        given().get(COMMUNITY + "/per-instance").then().statusCode(200)
                .body("plugins", hasSize(2)).body("plugins.id", hasItem(hasToString(Long.toString(a))));
        String uuidOfB = byPlatformId(state("per-instance", c -> c.instances("github").size() == 2)).get("1002").id();

        given().delete("/api/internal/plugin/github/" + a).then().statusCode(204);
        CommunityState left = state("per-instance", c -> c.instances("github").size() == 1);
        assertEquals("1002", left.plugin("github").communityPlatformId());
        assertEquals(uuidOfB, left.plugin("github").id());
        given().get(COMMUNITY + "/per-instance").then().body("plugins", hasSize(1))
                .body("plugins[0].id", hasToString(Long.toString(b)));
    }

    @Test
    void aConfigChangeThatAltersThePlatformIdMakesANewInstanceAndRetiresTheOld() {
        put("moved", """
                {"plugins": [{"name": "github", "config": {"installation_id": "7"}}]}""").statusCode(201);
        String old = state("moved", c -> c.plugin("github") != null).plugin("github").id();
        put("moved", """
                {"plugins": [{"name": "github", "config": {"installation_id": "8"}}]}""").statusCode(200)
                .body("plugins", hasSize(1)).body("plugins[0].community_platform_id", equalTo("8"));
        CommunityState after = state("moved", c -> "8".equals(c.plugin("github").communityPlatformId()));
        assertEquals(1, after.instances("github").size());
        assertNotEquals(old, after.plugin("github").id());
        assertNotNull(after.plugin("github").hookSlug());
        assertTrue(after.plugin("github").hookSlug().matches("[a-z0-9]{20}"));
    }

    private static Map<String, PluginInstanceState> byPlatformId(CommunityState state) {
        return state.plugins().stream().collect(Collectors.toMap(PluginInstanceState::communityPlatformId,
                Function.identity()));
    }

    private ValidatableResponse put(String slug, String body) {
        return given().contentType(ContentType.JSON).body(body).put(COMMUNITY + "/" + slug).then()
                .contentType(ContentType.JSON);
    }

    private ValidatableResponse enable(String slug, String query, String body) {
        String plugin = body.contains("installation_id") ? "github" : "tutorial";
        return given().contentType(ContentType.JSON).header(HEADER, slug).body(body)
                .post("/api/internal/plugin/" + plugin + query).then().contentType(ContentType.JSON);
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
