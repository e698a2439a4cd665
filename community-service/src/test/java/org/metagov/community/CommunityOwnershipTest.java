package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Issue 13, ownership: a community belongs to the driver that created it. Another driver is answered as for an
 * unknown community, whatever it sends; its slug is the one signal (409 slug_taken); administrators see all.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class CommunityOwnershipTest {

    static final Caller A = new Caller("drv_owner_a", false);
    static final Caller B = new Caller("drv_owner_b", false);
    static final Caller ADMIN = new Caller("admin", true);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void publishCatalog() {
        new KafkaCompanion(bootstrap).produceStrings().fromRecords(
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", Catalog.TUTORIAL)).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    /** Who calls: a driver's header, none (a test call without one acts as local), or a forged one. */
    static RequestSpecification as(String who) {
        return switch (who) {
            case "A" -> Drivers.as(A);
            case "B" -> Drivers.as(B);
            case "admin" -> Drivers.as(ADMIN);
            case "local" -> given();
            default -> given().header(CallerHeader.NAME, new CallerHeader("not the key").sign(A));
        };
    }

    record Call(String name, String method, String path, String community, String body) {
        Response by(String who) {
            RequestSpecification request = as(who);
            if (community != null) {
                request = request.header("X-Metagov-Community", community);
            }
            if (body != null) {
                request = request.contentType("application/json").body(body);
            }
            return request.request(method, path);
        }
    }

    @Test
    void everyCallerOnEveryCallOfACommunityGetsItsStatus() {
        String slug = "owned-" + UUID.randomUUID().toString().substring(0, 8);
        String community = "{\"readable_name\": \"A's\", \"plugins\": [{\"name\": \"tutorial\", \"config\": "
                + "{\"api_key\": \"k\", \"webhook_slug\": \"s\"}}]}";
        Drivers.as(A).contentType("application/json").body(community).put("/api/internal/community/" + slug)
                .then().statusCode(201);
        long plugin = Drivers.as(A).get("/api/internal/community/" + slug).then().statusCode(200)
                .extract().jsonPath().getLong("plugins[0].id");
        List<Long> ids = Drivers.as(A).contentType("application/json")
                .body("{\"community_slug\": \"" + slug + "\", \"count\": 2}").post("/api/internal/identity/create_id")
                .then().statusCode(201).extract().jsonPath().getList("", Long.class);
        long id = ids.get(0);
        Drivers.as(A).contentType("application/json").body(link(id, slug, "alice"))
                .post("/api/internal/identity/link_account").then().statusCode(200);

        List<Call> calls = List.of(
                new Call("read", "GET", "/api/internal/community/" + slug, null, null),
                new Call("hooks", "GET", "/api/internal/community/" + slug + "/hooks", null, null),
                new Call("put", "PUT", "/api/internal/community/" + slug, null, community),
                new Call("post the slug", "POST", "/api/internal/community", null, "{\"slug\": \"" + slug + "\"}"),
                new Call("enable a plugin", "POST", "/api/internal/plugin/tutorial", slug, "{\"api_key\": \"k\", "
                        + "\"webhook_slug\": \"s\"}"),
                new Call("create ids", "POST", "/api/internal/identity/create_id", null,
                        "{\"community_slug\": \"" + slug + "\"}"),
                new Call("merge ids", "POST", "/api/internal/identity/merge_ids", null,
                        "{\"primary_instance_id\": " + id + ", \"secondary_instance_id\": " + ids.get(1) + "}"),
                new Call("get_user", "GET", "/api/internal/identity/get_user?external_id=" + id, null, null),
                new Call("get_users", "GET", "/api/internal/identity/get_users?community=" + slug, null, null),
                new Call("filter_users_by_account", "GET", "/api/internal/identity/filter_users_by_account?community="
                        + slug + "&external_id_list=" + id, null, null),
                new Call("get_linked_account", "GET", "/api/internal/identity/get_linked_account?external_id=" + id
                        + "&platform_type=slack", null, null),
                new Call("transfer", "PATCH", "/api/internal/communities/" + slug, null,
                        "{\"owner\": \"drv_no_account\"}"));
        // expected status by caller: A (the owner), B, admin, local, a forged header
        Map<String, int[]> expected = new LinkedHashMap<>();
        expected.put("read", new int[] {200, 404, 200, 404, 401});
        expected.put("hooks", new int[] {200, 404, 200, 404, 401});
        expected.put("put", new int[] {200, 409, 200, 409, 401});
        expected.put("post the slug", new int[] {409, 409, 409, 409, 401});
        expected.put("enable a plugin", new int[] {200, 404, 200, 404, 401});
        expected.put("create ids", new int[] {201, 404, 201, 404, 401});
        expected.put("merge ids", new int[] {200, 404, 200, 404, 401});
        expected.put("get_user", new int[] {200, 404, 200, 404, 401});
        expected.put("get_users", new int[] {200, 404, 200, 404, 401});
        expected.put("filter_users_by_account", new int[] {200, 404, 200, 404, 401});
        expected.put("get_linked_account", new int[] {200, 404, 200, 404, 401});
        expected.put("transfer", new int[] {403, 403, 400, 403, 401}); // admin: no such driver
        List<String> callers = List.of("A", "B", "admin", "local", "forged");
        List<String> wrong = new ArrayList<>();
        for (Call call : calls) {
            for (int i = 0; i < callers.size(); i++) {
                Response response = call.by(callers.get(i));
                int want = expected.get(call.name())[i];
                if (response.statusCode() != want) {
                    wrong.add(callers.get(i) + " / " + call.name() + ": " + response.statusCode() + " (expected " + want
                            + ") " + response.asString());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));

        // another driver's 404 reads exactly as an unknown community's, and its 409 says only that the slug is taken
        String unknown = Drivers.as(B).get("/api/internal/community/no-such-" + slug).then().statusCode(404)
                .extract().path("message");
        assertEquals(unknown.replace("no-such-" + slug, slug), Drivers.as(B).get("/api/internal/community/" + slug)
                .then().extract().path("message"));
        Drivers.as(B).contentType("application/json").body(community).put("/api/internal/community/" + slug).then()
                .body("error", equalTo("slug_taken"));
        Drivers.as(A).contentType("application/json").body("{\"slug\": \"" + slug + "\"}")
                .post("/api/internal/community").then().body("error", equalTo("conflict"));
        // nothing B tried changed A's community: still A's, still enabled, the account still linked
        Drivers.as(B).contentType("application/json").body(link(id, slug, "alice").replace("\"external_id\": "
                + id + ", ", "")).post("/api/internal/identity/unlink_account").then().statusCode(404);
        Drivers.as(B).delete("/api/internal/plugin/tutorial/" + plugin).then().statusCode(404);
        Drivers.as(B).delete("/api/internal/community/" + slug).then().statusCode(404);
        given().delete("/api/internal/community/" + slug).then().statusCode(404);
        Drivers.as(A).get("/api/internal/community/" + slug).then().statusCode(200)
                .body("plugins", hasSize(1)).body("readable_name", equalTo("A's"));
        Drivers.as(A).get("/api/internal/identity/get_user?external_id=" + id).then().statusCode(200)
                .body("linked_accounts", hasSize(1));
        // the owner disables and deletes
        Drivers.as(A).delete("/api/internal/plugin/tutorial/" + plugin).then().statusCode(204);
        Drivers.as(A).delete("/api/internal/community/" + slug).then().statusCode(204);
    }

    @Test
    void theOwnerTravelsOnTheCommunitiesRecordAndAnAdministratorTransfersIt() {
        String slug = "moved-" + UUID.randomUUID().toString().substring(0, 8);
        Drivers.as(A).contentType("application/json").body("{\"slug\": \"" + slug + "\"}")
                .post("/api/internal/community").then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> A.driverId().equals(latest(slug).owner()));

        Drivers.asAdmin().contentType("application/json").body("{\"owner\": \"drv_nobody\"}")
                .patch("/api/internal/communities/" + slug).then().statusCode(400);
        Drivers.asAdmin().contentType("application/json").body("{\"owner\": \"local\", \"slug\": \"x\"}")
                .patch("/api/internal/communities/" + slug).then().statusCode(400);
        Drivers.asAdmin().contentType("application/json").body("{\"owner\": \"local\"}")
                .patch("/api/internal/communities/no-such-" + slug).then().statusCode(404);
        String driver = Drivers.asAdmin().contentType("application/json").body("{\"name\": \"receiver\"}")
                .post("/api/internal/drivers").then().statusCode(201).extract().path("id");
        Drivers.asAdmin().contentType("application/json").body("{\"owner\": \"" + driver + "\"}")
                .patch("/api/internal/communities/" + slug).then().statusCode(200)
                .body("slug", equalTo(slug)).body("owner", equalTo(driver));

        Caller receiver = new Caller(driver, false);
        Drivers.as(receiver).get("/api/internal/community/" + slug).then().statusCode(200);
        Drivers.as(A).get("/api/internal/community/" + slug).then().statusCode(404);
        await().atMost(Duration.ofSeconds(30)).until(() -> driver.equals(latest(slug).owner()));
        Drivers.asAdmin().contentType("application/json").body("{\"owner\": \"local\"}")
                .patch("/api/internal/communities/" + slug).then().statusCode(200).body("owner", equalTo("local"));
        given().get("/api/internal/community/" + slug).then().statusCode(200);
    }

    @Test
    void aDriverListsItsOwnCommunitiesNewestFirstInPages() {
        Caller lister = new Caller("drv_lister_" + UUID.randomUUID().toString().substring(0, 8), false);
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slugs.add(Drivers.as(lister).contentType("application/json").body("{\"readable_name\": \"n" + i + "\"}")
                    .post("/api/internal/community").then().statusCode(201).extract().path("slug"));
        }
        String others = "others-" + UUID.randomUUID().toString().substring(0, 8);
        Drivers.as(B).contentType("application/json").body("{}").put("/api/internal/community/" + others)
                .then().statusCode(201);

        JsonPath first = Drivers.as(lister).queryParam("limit", 2).get("/api/internal/communities").then()
                .statusCode(200).body("items", hasSize(2)).body("next", notNullValue()).extract().jsonPath();
        assertEquals(List.of(slugs.get(2), slugs.get(1)), first.getList("items.slug"));
        assertEquals(lister.driverId(), first.getString("items[0].owner"));
        assertEquals("n2", first.getString("items[0].readable_name"));
        Drivers.as(lister).queryParam("limit", 2).queryParam("cursor", first.getString("next"))
                .get("/api/internal/communities").then().statusCode(200)
                .body("items.slug", equalTo(List.of(slugs.get(0)))).body("next", nullValue());
        Drivers.as(lister).get("/api/internal/communities").then().statusCode(200).body("items", hasSize(3));
        Drivers.as(B).get("/api/internal/communities").then().statusCode(200)
                .body("items.slug", hasItem(others)).body("items.slug", not(hasItem(slugs.get(0))));
        // an administrator sees every driver's
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = Drivers.asAdmin().queryParam("limit", 200);
            JsonPath page = (cursor == null ? request : request.queryParam("cursor", cursor))
                    .get("/api/internal/communities").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items.slug"));
            cursor = page.getString("next");
        } while (cursor != null);
        assertTrue(all.containsAll(slugs) && all.contains(others), all.toString());

        for (String limit : List.of("0", "201", "x")) {
            Drivers.as(lister).queryParam("limit", limit).get("/api/internal/communities").then().statusCode(400)
                    .body("error", equalTo("bad_request"));
        }
        for (String bad : List.of("garbage!", "Zm9v", "eDpy")) {
            Drivers.as(lister).queryParam("cursor", bad).get("/api/internal/communities").then().statusCode(400);
        }
    }

    private static String link(long id, String slug, String who) {
        return "{\"external_id\": " + id + ", \"community_slug\": \"" + slug + "\", \"platform_type\": \"slack\", "
                + "\"platform_identifier\": \"" + who + "\"}";
    }

    private CommunityState latest(String slug) {
        List<ConsumerRecord<String, String>> records = new KafkaCompanion(bootstrap).consumeStrings()
                .fromTopics(Topics.COMMUNITIES, Duration.ofSeconds(2)).awaitCompletion().getRecords().stream()
                .filter(r -> slug.equals(r.key()) && r.value() != null).toList();
        return records.isEmpty() ? new CommunityState(slug, slug, "", List.of(), 0, null, "none")
                : EventJson.read(records.get(records.size() - 1).value(), CommunityState.class);
    }
}
