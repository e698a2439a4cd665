package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Every mistake on the identity endpoints is a JSON error naming it, never a 500. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class IdentityBadInputTest {

    static final String IDENTITY = IdentityApiTest.IDENTITY;
    static long id;
    static long otherCommunitysId;

    /** Once per class; in @BeforeEach because the application (and RestAssured's port) is up only then. */
    @BeforeEach
    void communities() {
        if (id != 0) {
            return;
        }
        IdentityApiTest.community("idbad");
        IdentityApiTest.community("idbad-other");
        id = IdentityApiTest.createIds("idbad", 1).get(0);
        otherCommunitysId = IdentityApiTest.createIds("idbad-other", 1).get(0);
    }

    static ValidatableResponse post(String endpoint, String body) {
        return given().contentType(ContentType.JSON).body(body).post(IDENTITY + endpoint).then();
    }

    static ValidatableResponse error(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).contentType(ContentType.JSON).body("error", equalTo(code));
    }

    @Test
    void malformedEmptyAndNonObjectBodiesAre400() {
        for (String endpoint : List.of("create_id", "merge_ids", "link_account", "unlink_account")) {
            error(post(endpoint, "{\"community_slug\": "), 400, "malformed_json");
            error(given().contentType(ContentType.JSON).post(IDENTITY + endpoint).then(), 400, "malformed_json");
            error(post(endpoint, "[1, 2]"), 400, "bad_request").body("message", containsString("JSON object"));
        }
    }

    @Test
    void theBodyIsReadAsJsonWhateverItsContentType() {
        given().contentType(ContentType.TEXT).body("{\"community_slug\": \"idbad\"}").post(IDENTITY + "create_id")
                .then().statusCode(201);
    }

    @Test
    void wrongTypesMissingAndUnknownFieldsAre400NamingTheField() {
        error(post("create_id", "{\"community_slug\": 7}"), 400, "bad_request").body("details", hasItem("community_slug"));
        error(post("create_id", "{\"count\": 2}"), 400, "bad_request").body("details", hasItem("community_slug"));
        error(post("create_id", "{\"community_slug\": \"idbad\", \"count\": \"2\"}"), 400, "bad_request")
                .body("details", hasItem("count"));
        error(post("create_id", "{\"community_slug\": \"idbad\", \"cuont\": 2}"), 400, "bad_request")
                .body("details", hasItem("cuont"));
        error(post("merge_ids", "{\"primary_instance_id\": \"" + id + "\", \"secondary_instance_id\": 1}"), 400,
                "bad_request").body("details", hasItem("primary_instance_id"));
        error(post("merge_ids", "{\"primary_instance_id\": 1.5, \"secondary_instance_id\": 1}"), 400, "bad_request");
        error(post("merge_ids", "{\"primary_instance_id\": " + id + "}"), 400, "bad_request")
                .body("details", hasItem("secondary_instance_id"));
        error(post("link_account", IdentityApiTest.link(id, "idbad", "slack", "U1", ", \"custom_data\": [1]")), 400,
                "bad_request").body("details", hasItem("custom_data"));
        error(post("link_account", IdentityApiTest.link(id, "idbad", "slack", "U1", ", \"link_type\": \"magic\"")),
                400, "bad_request").body("details", hasItem("link_type"));
        error(post("link_account", IdentityApiTest.link(id, "idbad", "slack", "U1",
                ", \"link_quality\": \"strong\"")), 400, "bad_request").body("details", hasItem("link_quality"));
        error(post("link_account", "{\"external_id\": " + id + ", \"community_slug\": \"idbad\", "
                + "\"platform_type\": \"slack\"}"), 400, "bad_request").body("details", hasItem("platform_identifier"));
        error(post("unlink_account", "{\"community_slug\": \"idbad\", \"platform_type\": \"slack\", "
                + "\"platform_identifier\": 5}"), 400, "bad_request").body("details", hasItem("platform_identifier"));
    }

    @Test
    void countIsFrom1To100() {
        for (String count : List.of("0", "-1", "101", "1e3")) {
            error(post("create_id", "{\"community_slug\": \"idbad\", \"count\": " + count + "}"), 400, "bad_request")
                    .body("details", hasItem("count"));
        }
        post("create_id", "{\"community_slug\": \"idbad\", \"count\": 100}").statusCode(201).body("size()", equalTo(100));
    }

    @Test
    void unknownOrMalformedCommunitiesAre404() {
        error(post("create_id", "{\"community_slug\": \"no-such-community\"}"), 404, "not_found");
        error(post("create_id", "{\"community_slug\": \"not a slug!\"}"), 404, "not_found");
        error(post("link_account", IdentityApiTest.link(id, "nowhere", "slack", "U1", "")), 404, "not_found");
        error(post("unlink_account", "{\"community_slug\": \"nowhere\", \"platform_type\": \"slack\", "
                + "\"platform_identifier\": \"U1\"}"), 404, "not_found");
        error(given().get(IDENTITY + "get_users?community=nowhere").then(), 404, "not_found");
        error(given().get(IDENTITY + "filter_users_by_account?community=nowhere&external_id_list=" + id).then(), 404,
                "not_found");
    }

    @Test
    void unknownIdsAre404AndIdsOfAnotherCommunityAreNotUsable() {
        error(given().get(IDENTITY + "get_user?external_id=12345").then(), 404, "not_found");
        error(given().get(IDENTITY + "get_linked_account?external_id=12345&platform_type=slack").then(), 404,
                "not_found");
        error(post("merge_ids", "{\"primary_instance_id\": " + id + ", \"secondary_instance_id\": 12345}"), 404,
                "not_found");
        error(post("link_account", IdentityApiTest.link(12345, "idbad", "slack", "U1", "")), 404, "not_found");
        error(post("link_account", IdentityApiTest.link(otherCommunitysId, "idbad", "slack", "U1", "")), 404,
                "not_found");
        error(given().get(IDENTITY + "filter_users_by_account?community=idbad&external_id_list=" + id + ","
                + otherCommunitysId).then(), 404, "not_found").body("details", hasItem(otherCommunitysId));
        error(post("unlink_account", "{\"community_slug\": \"idbad\", \"platform_type\": \"slack\", "
                + "\"platform_identifier\": \"never-linked\"}"), 404, "not_found");
    }

    @Test
    void mergingIdsOfTwoCommunitiesIs400() {
        error(post("merge_ids", "{\"primary_instance_id\": " + id + ", \"secondary_instance_id\": "
                + otherCommunitysId + "}"), 400, "bad_request").body("message", containsString("different communities"));
        given().get(IDENTITY + "get_user?external_id=" + otherCommunitysId).then().statusCode(200)
                .body("primary_ID", equalTo(otherCommunitysId));
    }

    @Test
    void queryMistakesAre400() {
        error(given().get(IDENTITY + "get_user").then(), 400, "bad_request").body("details", hasItem("external_id"));
        error(given().get(IDENTITY + "get_user?external_id=abc").then(), 400, "bad_request");
        error(given().get(IDENTITY + "get_users").then(), 400, "bad_request").body("details", hasItem("community"));
        // a misspelt filter would otherwise widen the answer to every user
        error(given().get(IDENTITY + "get_users?community=idbad&platform=slack").then(), 400, "bad_request")
                .body("details", hasItem("platform"));
        error(given().get(IDENTITY + "get_users?community=idbad&platform_type=a&platform_type=b").then(), 400,
                "bad_request");
        error(given().get(IDENTITY + "get_linked_account?external_id=" + id).then(), 400, "bad_request")
                .body("details", hasItem("platform_type"));
        error(given().get(IDENTITY + "filter_users_by_account?community=idbad").then(), 400, "bad_request")
                .body("details", hasItem("external_id_list"));
        error(given().get(IDENTITY + "filter_users_by_account?community=idbad&external_id_list=1,x").then(), 400,
                "bad_request");
        error(given().get(IDENTITY + "filter_users_by_account?community=idbad&platform_identifier=U1"
                + "&external_id_list=" + id).then(), 400, "bad_request").body("details", hasItem("platform_identifier"));
    }

    @Test
    void atMost1000ExternalIds() {
        // ids as long as real ones (16 digits): 1,000 of them still fit the request line
        long base = 1_000_000_000_000_000L / 1000;
        String tooMany = LongStream.rangeClosed(base + 1, base + 1001).mapToObj(Long::toString)
                .collect(Collectors.joining(","));
        error(given().get(IDENTITY + "filter_users_by_account?community=idbad&external_id_list=" + tooMany).then(),
                400, "bad_request").body("message", containsString("at most 1000"));
        String thousand = id + "," + LongStream.rangeClosed(base + 1, base + 999).mapToObj(Long::toString)
                .collect(Collectors.joining(","));
        // within the limit, the unknown ones are named
        error(given().get(IDENTITY + "filter_users_by_account?community=idbad&external_id_list=" + thousand).then(),
                404, "not_found");
    }

    @Test
    void theWrongMethodIs405Json() {
        error(given().get(IDENTITY + "create_id").then(), 405, "method_not_allowed");
        error(given().contentType(ContentType.JSON).body("{}").post(IDENTITY + "get_user").then(), 405,
                "method_not_allowed");
    }
}
