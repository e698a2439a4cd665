package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.community.service.AuditTrail;
import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.testing.TopicContents;
import org.metagov.web.Caller;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The audit trail as a community's driver reads it: its changes with who made them and the trace id, the entries
 * other services put on the audit topic (played here as the runner and process-service send them), and never a
 * secret value, neither in the answer, nor in the stored rows, nor on the raw topic.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AuditTrailTest {

    static final Caller DRIVER_A = new Caller("drv_a", false);
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @Inject
    AuditTrail trail;

    KafkaCompanion kafka;

    @BeforeEach
    void publishCatalog() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", Catalog.TUTORIAL)).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void aConfigChangeIsRecordedWithItsDriverAndTraceAndNoSecretValue() throws SQLException {
        Drivers.as(DRIVER_A).header("traceparent", TRACEPARENT).contentType(ContentType.JSON).body("""
                {"readable_name": "Audited", "plugins": [{"name": "tutorial",
                 "config": {"api_key": "FIRST-SECRET-VALUE", "foo": "one"}}]}""")
                .put("/api/internal/community/audited").then().statusCode(201);
        Drivers.as(DRIVER_A).contentType(ContentType.JSON).body("""
                {"plugins": [{"name": "tutorial", "config": {"api_key": "SECOND-SECRET-VALUE", "foo": "two"}}]}""")
                .put("/api/internal/community/audited").then().statusCode(200);

        JsonPath trail = await().atMost(Duration.ofSeconds(30)).until(() -> audit("audited", ""),
                page -> page.getList("items").size() == 3);
        // newest first: the re-configuration, then the instance and the community made by the first PUT
        assertEquals(List.of("plugin.configured", "plugin.enabled", "community.created"), trail.getList("items.kind"));
        assertEquals(List.of("drv_a", "drv_a", "drv_a"), trail.getList("items.driver"));
        assertEquals(Map.of("foo", "two"), trail.getMap("items[0].details.changed"));
        assertEquals(List.of("api_key"), trail.getList("items[0].details.secrets_changed"));
        assertEquals("tutorial", trail.getString("items[0].subject"));
        assertNull(trail.getString("items[0].trace_id"), "the second PUT sent no traceparent");
        assertEquals(TRACE, trail.getString("items[1].trace_id"));
        assertEquals(TRACE, trail.getString("items[2].trace_id"));
        assertEquals("Audited", trail.getString("items[2].details.readable_name"));

        String answer = audit("audited", "").prettify();
        List<String> rows = storedRows();
        String topic = TopicContents.read(bootstrap, Topics.AUDIT).toString();
        for (String secret : List.of("FIRST-SECRET-VALUE", "SECOND-SECRET-VALUE")) {
            assertFalse(answer.contains(secret), "the trail's answer shows " + secret);
            assertTrue(rows.stream().noneMatch(r -> r.contains(secret)), "a stored row holds " + secret);
            assertFalse(topic.contains(secret), "the audit topic holds " + secret);
        }
    }

    @Test
    void entriesOfTheOtherServicesAreStoredOnceAndFilteredByKindAndTime() {
        Drivers.as(DRIVER_A).contentType(ContentType.JSON).body("{\"readable_name\": \"Busy\"}")
                .put("/api/internal/community/busy").then().statusCode(201);
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        AuditEntry action = entry("busy", AuditEntry.ACTION_PERFORMED, "tutorial.times-two", t0, "{\"ok\": true}");
        AuditEntry started = entry("busy", AuditEntry.PROCESS_STARTED, "p-1", t0.plusSeconds(60), "{}");
        AuditEntry closed = entry("busy", AuditEntry.PROCESS_CLOSED, "p-1", t0.plusSeconds(120), "{}");
        AuditEntry last = entry("busy", AuditEntry.PROCESS_COMPLETED, "p-2", t0.plusSeconds(600), "{}");
        // the action twice, as a relay that crashed before deleting its outbox row sends it; one key, one partition:
        // once the last entry is stored, so is everything before it
        publish(action, started, closed, action, last);
        await().atMost(Duration.ofSeconds(30)).until(() -> audit("busy", "?kind=process.completed")
                .getList("items.id").equals(List.of(last.id())));

        assertEquals(List.of("process.completed", "process.closed", "process.started"),
                audit("busy", "?kind=process.").getList("items.kind"));
        assertEquals(List.of(action.id()), audit("busy", "?kind=action.performed").getList("items.id"));
        assertEquals(List.of(started.id()), audit("busy", "?since=" + t0.plusSeconds(30) + "&until="
                + t0.plusSeconds(90)).getList("items.id"));

        // pages of one, newest first, until next is null
        List<String> ids = new ArrayList<>();
        String query = "?until=" + t0.plusSeconds(121) + "&limit=1";
        JsonPath page = audit("busy", query);
        while (true) {
            ids.addAll(page.getList("items.id"));
            String next = page.getString("next");
            if (next == null) {
                break;
            }
            page = audit("busy", query + "&cursor=" + next);
        }
        assertEquals(List.of(closed.id(), started.id(), action.id()), ids);
    }

    @Test
    void badPagingAndTimesAre400AndAnUnknownCommunityIs404() {
        Drivers.as(DRIVER_A).get("/api/internal/community/nowhere/audit").then().statusCode(404)
                .body("error", equalTo("not_found"));
        Drivers.as(DRIVER_A).contentType(ContentType.JSON).body("{}").put("/api/internal/community/paged")
                .then().statusCode(201);
        for (String query : List.of("?limit=0", "?limit=201", "?limit=x", "?cursor=%21%21", "?since=yesterday")) {
            Drivers.as(DRIVER_A).get("/api/internal/community/paged/audit" + query).then().statusCode(400)
                    .body("error", equalTo("bad_request"));
        }
        // an administrator reads a community's trail too
        await().atMost(Duration.ofSeconds(30)).until(() -> Drivers.asAdmin().get("/api/internal/community/paged/audit")
                .then().statusCode(200).extract().jsonPath().getList("items").size() == 1);
        Drivers.asAdmin().get("/api/internal/community/paged/audit").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].kind", equalTo("community.created"));
    }

    @Test
    void entriesPastTheRetentionAreDeleted() {
        Drivers.as(DRIVER_A).contentType(ContentType.JSON).body("{}").put("/api/internal/community/old")
                .then().statusCode(201);
        AuditEntry ancient = entry("old", AuditEntry.ACTION_PERFORMED, "tutorial.times-two",
                Instant.parse("2020-01-01T00:00:00Z"), "{}");
        publish(ancient);
        await().atMost(Duration.ofSeconds(30)).until(() -> audit("old", "").getList("items").size() == 2);
        int deleted = trail.deleteExpired().await().atMost(Duration.ofSeconds(10));
        assertTrue(deleted >= 1);
        assertEquals(List.of("community.created"), audit("old", "").getList("items.kind"));
    }

    @Test
    void driverAccountChangesAreRecordedWithTheAdministratorAndNoToken() throws SQLException {
        String id = Drivers.asAdmin().contentType(ContentType.JSON).body("{\"name\": \"Audited driver\"}")
                .post("/api/internal/drivers").then().statusCode(201).extract().path("id");
        Drivers.asAdmin().delete("/api/internal/drivers/" + id + "/tokens").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedRows().stream()
                .filter(r -> r.contains(id)).count() == 2);
        List<String> rows = storedRows().stream().filter(r -> r.contains(id)).toList();
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("driver.created|admin|")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("driver.tokens_revoked|admin|")), rows.toString());
        assertTrue(rows.stream().noneMatch(r -> r.contains("token\"")), "an entry shows a token: " + rows);
    }

    private JsonPath audit(String slug, String query) {
        return Drivers.as(DRIVER_A).get("/api/internal/community/" + slug + "/audit" + query).then().statusCode(200)
                .extract().jsonPath();
    }

    private static AuditEntry entry(String community, String kind, String subject, Instant at, String details) {
        return new AuditEntry(java.util.UUID.randomUUID().toString(), community, kind, subject, "drv_a", at, null,
                EventJson.read(details, com.fasterxml.jackson.databind.node.ObjectNode.class));
    }

    private void publish(AuditEntry... entries) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (AuditEntry e : entries) {
            records.add(new ProducerRecord<>(Topics.AUDIT, e.community(), EventJson.write(e)));
        }
        kafka.produceStrings().fromRecords(records).awaitCompletion();
    }

    /** Every stored entry as "kind|driver|subject|details". */
    private List<String> storedRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                ResultSet r = c.createStatement().executeQuery("SELECT * FROM audit_entry")) {
            while (r.next()) {
                rows.add(r.getString("kind") + "|" + r.getString("driver") + "|" + r.getString("subject") + "|"
                        + r.getString("details") + "|" + r.getString("community"));
            }
        }
        assertNotEquals(null, rows);
        return rows;
    }
}
