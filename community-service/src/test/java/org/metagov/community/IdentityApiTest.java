package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.EventJson;
import org.metagov.events.IdentityCommand;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Upstream's identity test sequence over HTTP, and plugins' links arriving over Kafka. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class IdentityApiTest {

    static final String IDENTITY = "/api/internal/identity/";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrap);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    static void community(String slug) {
        given().contentType(ContentType.JSON).body("{\"plugins\": []}").put("/api/internal/community/" + slug)
                .then().statusCode(201);
    }

    static List<Long> createIds(String community, int count) {
        return given().contentType(ContentType.JSON)
                .body("{\"community_slug\": \"" + community + "\", \"count\": " + count + "}")
                .post(IDENTITY + "create_id").then().statusCode(201).extract().jsonPath().getList(".", Long.class);
    }

    static Response post(String endpoint, String body) {
        return given().contentType(ContentType.JSON).body(body).post(IDENTITY + endpoint);
    }

    static String link(long id, String community, String type, String identifier, String extra) {
        return "{\"external_id\": " + id + ", \"community_slug\": \"" + community + "\", \"platform_type\": \""
                + type + "\", \"platform_identifier\": \"" + identifier + "\"" + extra + "}";
    }

    @Test
    void createLinkFilterMergeUnlinkAsUpstreamsTestsDo() {
        community("idseq");
        // create_id: a list of ints, count=5 gives five; random, unique, below 2^53
        List<Long> ids = createIds("idseq", 5);
        assertEquals(5, new HashSet<>(ids).size());
        ids.forEach(id -> assertTrue(id > 0 && id < (1L << 53), "id " + id));
        assertEquals(1, createIds("idseq", 1).size());
        given().contentType(ContentType.JSON).body("{\"community_slug\": \"idseq\"}").post(IDENTITY + "create_id")
                .then().statusCode(201).body("$", hasSize(1));
        long alice = ids.get(0);
        long bob = ids.get(1);

        post("link_account", link(alice, "idseq", "slack", "U1", ", \"community_platform_id\": \"T1\", "
                + "\"custom_data\": {\"name\": \"alice\"}, \"link_type\": \"oauth\", \"link_quality\": \"confirmed (strong)\""))
                .then().statusCode(200)
                .body("external_id", equalTo(alice)).body("community", equalTo("idseq"))
                .body("platform_type", equalTo("slack")).body("community_platform_id", equalTo("T1"))
                .body("platform_identifier", equalTo("U1")).body("custom_data.name", equalTo("alice"))
                .body("link_type", equalTo("oauth")).body("link_quality", equalTo("confirmed (strong)"));
        post("link_account", link(bob, "idseq", "slack", "U2", ""))
                .then().statusCode(200).body("community_platform_id", nullValue())
                .body("custom_data.size()", equalTo(0)).body("link_type", equalTo("unknown"))
                .body("link_quality", equalTo("unknown"));
        post("link_account", link(bob, "idseq", "github", "bob-gh", ", \"link_type\": \"manual admin\""))
                .then().statusCode(200);
        // a duplicate link (same community, type, identifier and platform id) is a conflict, whoever links it
        post("link_account", link(ids.get(2), "idseq", "slack", "U1", ", \"community_platform_id\": \"T1\""))
                .then().statusCode(409).body("error", equalTo("conflict"));

        // get_users with no filters: every user (5 + the 2 created by default count)
        given().get(IDENTITY + "get_users?community=idseq").then().statusCode(200).body("$", hasSize(7));
        // link_type=oauth plus a platform_type filter: only the matching user
        given().get(IDENTITY + "get_users?community=idseq&platform_type=slack&link_type=oauth")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].source_ID", equalTo(alice))
                .body("[0].primary_ID", equalTo(alice)).body("[0].linked_accounts", hasSize(1));
        // PolicyKit's find_linked_username query
        given().get(IDENTITY + "get_users?community=idseq&platform_type=slack&community_platform_id=T1"
                + "&platform_identifier=U1").then().statusCode(200).body("$", hasSize(1))
                .body("[0].linked_accounts[0].platform_identifier", equalTo("U1"));
        given().get(IDENTITY + "get_users?community=idseq&platform_type=slack").then().body("source_ID",
                containsInAnyOrder(alice, bob));

        // get_linked_account: {} for a platform not linked; the platform id must match, absent equals absent
        given().get(IDENTITY + "get_linked_account?external_id=" + alice + "&platform_type=github")
                .then().statusCode(200).body("size()", equalTo(0));
        given().get(IDENTITY + "get_linked_account?external_id=" + alice + "&platform_type=slack")
                .then().statusCode(200).body("size()", equalTo(0));
        given().get(IDENTITY + "get_linked_account?external_id=" + alice + "&platform_type=slack&community_platform_id=T1")
                .then().statusCode(200).body("platform_identifier", equalTo("U1"));
        given().get(IDENTITY + "get_linked_account?external_id=" + bob + "&platform_type=slack")
                .then().statusCode(200).body("platform_identifier", equalTo("U2"));

        // filter_users_by_account: the listed ids with at least one matching account
        given().get(IDENTITY + "filter_users_by_account?community=idseq&platform_type=slack&external_id_list="
                + alice + "," + bob + "," + ids.get(2)).then().statusCode(200)
                .body("source_ID", containsInAnyOrder(alice, bob));
        given().queryParam("link_type", "manual admin")
                .get(IDENTITY + "filter_users_by_account?community=idseq&external_id_list=" + alice + "," + bob).then().statusCode(200).body("source_ID", containsInAnyOrder(bob));

        // merge_ids: 200, empty; every linked account is kept and gathered under the primary
        post("merge_ids", "{\"primary_instance_id\": " + alice + ", \"secondary_instance_id\": " + bob + "}")
                .then().statusCode(200).body(equalTo(""));
        given().get(IDENTITY + "get_user?external_id=" + bob).then().statusCode(200)
                .body("source_ID", equalTo(bob)).body("primary_ID", equalTo(alice))
                .body("linked_accounts.platform_identifier", containsInAnyOrder("U1", "U2", "bob-gh"));
        given().get(IDENTITY + "get_user?external_id=" + alice).then().statusCode(200)
                .body("primary_ID", equalTo(alice)).body("linked_accounts", hasSize(3));
        given().get(IDENTITY + "get_users?community=idseq").then().body("$", hasSize(6));
        given().get(IDENTITY + "get_users?community=idseq&platform_identifier=U2").then().body("$", hasSize(1))
                .body("[0].source_ID", equalTo(alice)).body("[0].linked_accounts", hasSize(3));
        // merging again changes nothing
        post("merge_ids", "{\"primary_instance_id\": " + bob + ", \"secondary_instance_id\": " + alice + "}")
                .then().statusCode(200);

        // unlink_account: true, then 404 as it is no longer linked
        post("unlink_account", "{\"community_slug\": \"idseq\", \"platform_type\": \"slack\", "
                + "\"platform_identifier\": \"U2\"}").then().statusCode(200).body(equalTo("true"));
        post("unlink_account", "{\"community_slug\": \"idseq\", \"platform_type\": \"slack\", "
                + "\"platform_identifier\": \"U2\"}").then().statusCode(404).body("error", equalTo("not_found"));
        given().get(IDENTITY + "get_user?external_id=" + alice).then().body("linked_accounts", hasSize(2));
        // the account is free again
        post("link_account", link(ids.get(3), "idseq", "slack", "U2", "")).then().statusCode(200);
    }

    @Test
    void deletingTheCommunityDeletesItsIdentities() {
        community("idgone");
        long id = createIds("idgone", 1).get(0);
        post("link_account", link(id, "idgone", "slack", "U9", "")).then().statusCode(200);
        given().delete("/api/internal/community/idgone").then().statusCode(204);
        given().get(IDENTITY + "get_user?external_id=" + id).then().statusCode(404).body("error", equalTo("not_found"));
        community("idgone");
        given().get(IDENTITY + "get_users?community=idgone").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void aPluginsLinkArrivesOverKafkaOnceAndAnImpossibleOneIsDeadLettered() {
        community("idkafka");
        long id = createIds("idkafka", 1).get(0);
        IdentityCommand impossible = IdentityCommand.linkAccount("idkafka", 4242, "slack", "U0", null, null,
                null, null);
        IdentityCommand command = IdentityCommand.linkAccount("idkafka", id, "slack", "U7", "T7",
                EventJson.MAPPER.createObjectNode().put("name", "seven"), "oauth", null);
        // the impossible one first: the consumer goes on past it; the link is sent twice, as a replayed hook would
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.IDENTITY_COMMANDS, "idkafka", EventJson.write(impossible)),
                new ProducerRecord<>(Topics.IDENTITY_COMMANDS, "idkafka", EventJson.write(command)),
                new ProducerRecord<>(Topics.IDENTITY_COMMANDS, "idkafka", EventJson.write(command))).awaitCompletion();

        String linked = IDENTITY + "get_users?community=idkafka&platform_type=slack&community_platform_id=T7"
                + "&platform_identifier=U7";
        // polled quietly (no assertion that fails and logs the exchange on every try), then asserted once
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get(linked).jsonPath().getList("$").size() == 1);
        given().get(linked)
                .then().statusCode(200).body("[0].source_ID", equalTo(id))
                .body("[0].linked_accounts", hasSize(1))
                .body("[0].linked_accounts[0].custom_data.name", equalTo("seven"))
                .body("[0].linked_accounts[0].link_type", equalTo("oauth"))
                .body("[0].linked_accounts[0].link_quality", equalTo("unknown"));
        var dead = kafka.consumeStrings().fromTopics(Topics.IDENTITY_COMMANDS + Topics.DLQ_SUFFIX, 1)
                .awaitCompletion(Duration.ofSeconds(30)).getRecords();
        String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(reason.contains("No identity 4242 in community 'idkafka'"), reason);
    }
}
