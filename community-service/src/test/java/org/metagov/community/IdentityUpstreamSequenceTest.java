package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.metagov.events.EventJson;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Upstream Metagov's identity test cases (its {@code MetagovIDManagementTestCase}, {@code
 * LinkedAccountManagementTestCase} and {@code DataRetrievalTestCase}, which call the library functions), replayed
 * one by one over our HTTP API, with the platform type and names upstream uses. Each case gets a fresh community,
 * as each upstream case gets a fresh database. Upstream's {@code update_linked_account} has no HTTP endpoint and is
 * left out.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class IdentityUpstreamSequenceTest {

    static final String IDENTITY = "/api/internal/identity/";
    static final String PLATFORM = "OpenCollective";

    /** upstream's {@code setUp}: {@code Community.objects.create(readable_name="Test Community")} */
    static String community() {
        String slug = "up-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"readable_name\": \"Test Community\", \"plugins\": []}")
                .put("/api/internal/community/" + slug).then().statusCode(201);
        return slug;
    }

    static List<Long> createIds(String community, Integer count) {
        String body = "{\"community_slug\": \"" + community + "\"" + (count == null ? "" : ", \"count\": " + count)
                + "}";
        return given().contentType(ContentType.JSON).body(body).post(IDENTITY + "create_id").then().statusCode(201)
                .extract().jsonPath().getList(".", Long.class);
    }

    static Response post(String endpoint, String body) {
        return given().contentType(ContentType.JSON).body(body).post(IDENTITY + endpoint);
    }

    static Response link(long id, String community, String identifier, String linkType) {
        return post("link_account", "{\"external_id\": " + id + ", \"community_slug\": \"" + community
                + "\", \"platform_type\": \"" + PLATFORM + "\", \"platform_identifier\": \"" + identifier + "\""
                + (linkType == null ? "" : ", \"link_type\": \"" + linkType + "\"") + "}");
    }

    static Response unlink(String community, String identifier) {
        return post("unlink_account", "{\"community_slug\": \"" + community + "\", \"platform_type\": \"" + PLATFORM
                + "\", \"platform_identifier\": \"" + identifier + "\"}");
    }

    static JsonNode getUser(long id) {
        return EventJson.read(given().get(IDENTITY + "get_user?external_id=" + id).then().statusCode(200)
                .extract().asString(), JsonNode.class);
    }

    // --- MetagovIDManagementTestCase -------------------------------------------------------------------------------

    @Test
    void createOneGivesOneIntegerIdThatIsItsOwnPrimary() {
        String community = community();
        String raw = given().contentType(ContentType.JSON).body("{\"community_slug\": \"" + community + "\"}")
                .post(IDENTITY + "create_id").then().statusCode(201).extract().asString();
        JsonNode ids = EventJson.read(raw, JsonNode.class);
        assertEquals(1, ids.size(), raw);
        assertEquals(true, ids.get(0).isIntegralNumber(), "an int: " + raw);
        assertEquals(ids.get(0).asLong(), getUser(ids.get(0).asLong()).path("primary_ID").asLong());
    }

    @Test
    void createManyGivesAsManyIds() {
        List<Long> ids = createIds(community(), 5);
        assertEquals(5, new HashSet<>(ids).size(), ids.toString());
    }

    @Test
    void mergeMakesTheSecondaryPointToThePrimary() {
        String community = community();
        long primary = createIds(community, null).get(0);
        long secondary = createIds(community, null).get(0);
        post("merge_ids", "{\"primary_instance_id\": " + primary + ", \"secondary_instance_id\": " + secondary + "}")
                .then().statusCode(200).body(equalTo(""));
        assertEquals(primary, getUser(primary).path("primary_ID").asLong(), "the primary stays primary");
        assertEquals(primary, getUser(secondary).path("primary_ID").asLong(), "the secondary's primary");
        assertEquals(secondary, getUser(secondary).path("source_ID").asLong());
        // the secondary is no longer primary, so get_users (primaries) lists the pair once
        given().get(IDENTITY + "get_users?community=" + community).then().statusCode(200).body("$", hasSize(1))
                .body("[0].source_ID", equalTo(primary));
    }

    // --- LinkedAccountManagementTestCase ---------------------------------------------------------------------------

    @Test
    void linkDefaultsTypeAndQualityToUnknownAndRefusesADuplicate() {
        String community = community();
        long id = createIds(community, 1).get(0);
        link(id, community, "crystal_dunn", null).then().statusCode(200)
                .body("external_id", equalTo(id)).body("platform_type", equalTo(PLATFORM))
                .body("platform_identifier", equalTo("crystal_dunn"))
                .body("link_type", equalTo("unknown")).body("link_quality", equalTo("unknown"));
        link(id, community, "crystal_dunn", null).then().statusCode(409).body("error", equalTo("conflict"))
                .body("message", containsString("already linked"));
    }

    @Test
    void unlinkRemovesTheAccountAndAnAccountNotLinkedIsNotFound() {
        String community = community();
        long id = createIds(community, 1).get(0);
        link(id, community, "crystal_dunn", null).then().statusCode(200);
        assertEquals(1, getUser(id).path("linked_accounts").size());
        unlink(community, "crystal_dunn").then().statusCode(200).body(equalTo("true"));
        assertEquals(0, getUser(id).path("linked_accounts").size());

        link(id, community, "crystal_dunn", null).then().statusCode(200);
        unlink(community, "megan_rapinoe").then().statusCode(404).body("error", equalTo("not_found"));
        assertEquals(1, getUser(id).path("linked_accounts").size(), "the other account stays");
    }

    /** The contract document: retrieving an account without its community_platform_id does not find it. */
    @Test
    void anAccountWithAPlatformIdIsFoundOnlyWithIt() {
        String community = community();
        long id = createIds(community, 1).get(0);
        post("link_account", "{\"external_id\": " + id + ", \"community_slug\": \"" + community + "\", "
                + "\"platform_type\": \"" + PLATFORM + "\", \"platform_identifier\": \"crystal_dunn\", "
                + "\"community_platform_id\": \"metagov\"}").then().statusCode(200);
        unlink(community, "crystal_dunn").then().statusCode(404);
        given().get(IDENTITY + "get_linked_account?external_id=" + id + "&platform_type=" + PLATFORM)
                .then().statusCode(200).body("size()", equalTo(0));
        post("unlink_account", "{\"community_slug\": \"" + community + "\", \"platform_type\": \"" + PLATFORM
                + "\", \"platform_identifier\": \"crystal_dunn\", \"community_platform_id\": \"metagov\"}")
                .then().statusCode(200).body(equalTo("true"));
    }

    // --- DataRetrievalTestCase: five ids, the first linked to crystal_dunn ------------------------------------------

    record Retrieval(String community, List<Long> ids) {
    }

    static Retrieval retrievalSetUp() {
        String community = community();
        List<Long> ids = createIds(community, 5);
        link(ids.get(0), community, "crystal_dunn", null).then().statusCode(200);
        return new Retrieval(community, ids);
    }

    @Test
    void theIdentityDataObjectHasUpstreamsShape() {
        Retrieval r = retrievalSetUp();
        long id = r.ids().get(0);
        JsonNode expected = EventJson.read("""
                {"primary_ID": %d, "source_ID": %d, "linked_accounts": [{
                  "community": "%s", "community_platform_id": null, "custom_data": {}, "external_id": %d,
                  "link_quality": "unknown", "link_type": "unknown", "platform_identifier": "crystal_dunn",
                  "platform_type": "OpenCollective"}]}""".formatted(id, id, r.community(), id), JsonNode.class);
        assertEquals(expected, getUser(id));
    }

    @Test
    void getUserGivesThePrimaryAndTheAccounts() {
        Retrieval r = retrievalSetUp();
        JsonNode user = getUser(r.ids().get(0));
        assertEquals(r.ids().get(0).longValue(), user.path("primary_ID").asLong());
        assertEquals(1, user.path("linked_accounts").size());
    }

    @Test
    void getUsersWithoutFiltersGivesEveryUser() {
        Retrieval r = retrievalSetUp();
        given().get(IDENTITY + "get_users?community=" + r.community()).then().statusCode(200).body("$", hasSize(5));
    }

    @Test
    void getUsersWithFiltersGivesTheUsersWithAMatchingAccount() {
        Retrieval r = retrievalSetUp();
        link(r.ids().get(4), r.community(), "tobin_heath", "oauth").then().statusCode(200);
        given().get(IDENTITY + "get_users?community=" + r.community() + "&link_type=oauth&platform_type=" + PLATFORM)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].source_ID", equalTo(r.ids().get(4)));
        given().get(IDENTITY + "get_users?community=" + r.community() + "&platform_type=" + PLATFORM)
                .then().statusCode(200).body("$", hasSize(2));
    }

    @Test
    void filterUsersByAccountKeepsTheListedUsersWithAMatchingAccount() {
        Retrieval r = retrievalSetUp();
        List<Long> ids = r.ids();
        String listed = ids.get(0) + "," + ids.get(1) + "," + ids.get(2);
        String query = IDENTITY + "filter_users_by_account?community=" + r.community() + "&external_id_list=" + listed;
        // without filters: every listed user, whether it has accounts or not
        given().get(query).then().statusCode(200).body("$", hasSize(3));

        link(ids.get(0), r.community(), "tobin_heath", "oauth").then().statusCode(200);
        String filtered = query + "&link_type=oauth&platform_type=" + PLATFORM;
        given().get(filtered).then().statusCode(200).body("$", hasSize(1)).body("[0].source_ID", equalTo(ids.get(0)));
        // a matching account of a user who is not listed changes nothing
        link(ids.get(4), r.community(), "midge_purce", "oauth").then().statusCode(200);
        given().get(filtered).then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void getLinkedAccountGivesTheAccountOnThePlatformOrNothing() {
        Retrieval r = retrievalSetUp();
        long id = r.ids().get(4);
        link(id, r.community(), "tobin_heath", "oauth").then().statusCode(200);
        given().get(IDENTITY + "get_linked_account?external_id=" + id + "&platform_type=" + PLATFORM)
                .then().statusCode(200).body("platform_type", equalTo(PLATFORM))
                .body("platform_identifier", equalTo("tobin_heath"));
        given().get(IDENTITY + "get_linked_account?external_id=" + id + "&platform_type=Slack")
                .then().statusCode(200).body(equalTo("{}"));
    }
}
