package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.events.DriverAccount;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Driver accounts as the gateway's administrators manage them, and what the gateways read on the drivers topic. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DriverAccountApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void anAdminCreatesReadsChangesRevokesAndDeletesADriver() {
        JsonPath created = Drivers.asAdmin().contentType("application/json")
                .body("{\"name\": \"PolicyKit\", \"redirect_uris\": [\"https://policykit.example/auth/\"]}")
                .post("/api/internal/drivers").then().statusCode(201)
                .header("Location", startsWith("/api/internal/drivers/drv_"))
                .body("name", equalTo("PolicyKit")).body("redirect_uris[0]", equalTo("https://policykit.example/auth/"))
                .body("generation", equalTo(1)).extract().jsonPath();
        String id = created.getString("id");
        Drivers.asAdmin().get("/api/internal/drivers/" + id).then().statusCode(200).body("name", equalTo("PolicyKit"));
        Drivers.asAdmin().contentType("application/json").body("{\"name\": \"PolicyKit 2\"}")
                .patch("/api/internal/drivers/" + id).then().statusCode(200).body("name", equalTo("PolicyKit 2"))
                .body("redirect_uris", hasSize(1)).body("generation", equalTo(1));
        // a new token is for the current generation; revoking moves it on
        Drivers.asAdmin().post("/api/internal/drivers/" + id + "/tokens").then().statusCode(200)
                .body("generation", equalTo(1));
        Drivers.asAdmin().delete("/api/internal/drivers/" + id + "/tokens").then().statusCode(204);
        Drivers.asAdmin().post("/api/internal/drivers/" + id + "/tokens").then().statusCode(200)
                .body("generation", equalTo(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> latest(id).map(a -> a.generation() == 2).orElse(false));
        DriverAccount account = latest(id).orElseThrow();
        assertEquals("PolicyKit 2", account.name());
        assertEquals(List.of("https://policykit.example/auth/"), account.redirectUris());

        Drivers.asAdmin().delete("/api/internal/drivers/" + id).then().statusCode(204);
        Drivers.asAdmin().get("/api/internal/drivers/" + id).then().statusCode(404).body("error", equalTo("not_found"));
        Drivers.asAdmin().delete("/api/internal/drivers/" + id).then().statusCode(404);
        Drivers.asAdmin().post("/api/internal/drivers/" + id + "/tokens").then().statusCode(404);
        // the gateways learn of the deletion: a tombstone
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<ConsumerRecord<String, String>> records = records(id);
            return !records.isEmpty() && records.get(records.size() - 1).value() == null;
        });
    }

    @Test
    void theListPagesNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(Drivers.asAdmin().contentType("application/json").body("{\"name\": \"pager " + i + "\"}")
                    .post("/api/internal/drivers").then().statusCode(201).extract().path("id"));
        }
        JsonPath first = Drivers.asAdmin().queryParam("limit", 2).get("/api/internal/drivers").then().statusCode(200)
                .body("items", hasSize(2)).body("next", notNullValue()).extract().jsonPath();
        assertEquals(ids.get(2), first.getString("items[0].id"));
        assertEquals(ids.get(1), first.getString("items[1].id"));
        JsonPath second = Drivers.asAdmin().queryParam("limit", 2).queryParam("cursor", first.getString("next"))
                .get("/api/internal/drivers").then().statusCode(200).extract().jsonPath();
        assertEquals(ids.get(0), second.getString("items[0].id"));
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = Drivers.asAdmin().queryParam("limit", 1);
            JsonPath page = (cursor == null ? request : request.queryParam("cursor", cursor))
                    .get("/api/internal/drivers").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items.id"));
            cursor = page.getString("next");
        } while (cursor != null);
        assertTrue(all.containsAll(ids), all.toString());
        assertEquals(all.size(), all.stream().distinct().count(), "no item twice: " + all);
    }

    @Test
    void mistakesAre400s() {
        for (String body : List.of("", "[]", "{", "{\"name\": \"\"}", "{\"name\": 5}", "{\"nom\": \"x\"}",
                "{\"name\": \"x\", \"redirect_uris\": \"https://a\"}",
                "{\"name\": \"x\", \"redirect_uris\": [\"javascript:alert(1)\"]}",
                "{\"name\": \"x\", \"redirect_uris\": [\"/relative\"]}")) {
            int status = Drivers.asAdmin().contentType("application/json").body(body).post("/api/internal/drivers")
                    .then().extract().statusCode();
            assertEquals(400, status, body);
        }
        Drivers.asAdmin().contentType("application/json").body("{}").patch("/api/internal/drivers/drv_none")
                .then().statusCode(400);
        Drivers.asAdmin().contentType("application/json").body("{\"name\": \"x\"}").patch("/api/internal/drivers/drv_none")
                .then().statusCode(404);
        for (String limit : List.of("0", "201", "x", "-1")) {
            Drivers.asAdmin().queryParam("limit", limit).get("/api/internal/drivers").then().statusCode(400);
        }
        for (String cursor : List.of("garbage!", "Zm9v", "OnJvb3Q", "eDpy")) {
            Drivers.asAdmin().queryParam("cursor", cursor).get("/api/internal/drivers").then().statusCode(400)
                    .body("error", equalTo("bad_request"));
        }
    }

    @Test
    void onlyAdministratorsManageDrivers() {
        // without the header a test call acts as the non-admin driver local; a driver's own header is no better
        given().get("/api/internal/drivers").then().statusCode(403).body("error", equalTo("forbidden"));
        Drivers.as(new Caller("drv_someone", false)).contentType("application/json").body("{\"name\": \"x\"}")
                .post("/api/internal/drivers").then().statusCode(403);
    }

    @Test
    void aForgedOrStaleDriverHeaderIsRefused() {
        String forged = new CallerHeader("a key the gateway does not have").sign(new Caller("admin", true));
        given().header(CallerHeader.NAME, forged).get("/api/internal/drivers").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).body("error", equalTo("unauthorized"));
        given().header(CallerHeader.NAME, "v1.YWRtaW4.1.0.AAAA").get("/api/internal/community/any").then()
                .statusCode(401);
        // the same holds on every /api/internal route, not only drivers
        given().header(CallerHeader.NAME, forged).get("/api/internal/community/any").then().statusCode(401);
        given().header(CallerHeader.NAME, forged).get("/q/health/live").then().statusCode(200);
        Drivers.asAdmin().get("/api/internal/community/no-such-community").then().statusCode(404);
    }

    private Optional<DriverAccount> latest(String id) {
        List<ConsumerRecord<String, String>> records = records(id);
        if (records.isEmpty() || records.get(records.size() - 1).value() == null) {
            return Optional.empty();
        }
        return Optional.of(EventJson.read(records.get(records.size() - 1).value(), DriverAccount.class));
    }

    private List<ConsumerRecord<String, String>> records(String id) {
        return new KafkaCompanion(bootstrap).consumeStrings().fromTopics(Topics.DRIVERS, Duration.ofSeconds(2))
                .awaitCompletion().getRecords().stream().filter(r -> id.equals(r.key())).toList();
    }
}
