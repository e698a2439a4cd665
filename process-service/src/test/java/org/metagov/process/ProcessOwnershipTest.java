package org.metagov.process;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Issue 13, ownership of processes: a driver starts processes in its own communities only and reaches, by id, only
 * those it started while their community is its own, whatever community header it sends; an administrator, all.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ProcessOwnershipTest extends WithTheOtherServices {

    static final Caller A = new Caller("drv_proc_a", false);
    static final Caller B = new Caller("drv_proc_b", false);
    static final Caller ADMIN = new Caller("admin", true);
    static final CallerHeader HEADER = new CallerHeader("test-internal-key-not-for-production");
    static final String VOTE = ProcessApiTest.VOTE;
    static final String BODY = "{\"options\": [\"yes\", \"no\"], \"delay\": 60}";

    static RequestSpecification as(String who) {
        RequestSpecification request = given().contentType("application/json");
        return switch (who) {
            case "A" -> request.header(CallerHeader.NAME, HEADER.sign(A));
            case "B" -> request.header(CallerHeader.NAME, HEADER.sign(B));
            case "admin" -> request.header(CallerHeader.NAME, HEADER.sign(ADMIN));
            case "local" -> request; // a test call without the header acts as local
            default -> request.header(CallerHeader.NAME, new CallerHeader("not the key").sign(A));
        };
    }

    @Test
    void everyCallerOnEveryProcessCallGetsItsStatus() {
        String community = owned("proc-of-a", A.driverId(), 1);
        String location = as("A").header("X-Metagov-Community", community).body(BODY).post(VOTE).then()
                .statusCode(202).extract().header("Location");
        String start = "start";
        Map<String, int[]> expected = new LinkedHashMap<>(); // A, B, admin, local, forged
        expected.put(start, new int[] {202, 404, 202, 404, 401});
        expected.put("GET", new int[] {200, 404, 200, 404, 401});
        expected.put("GET with its community's header", new int[] {200, 404, 200, 404, 401});
        expected.put("reopen (pending)", new int[] {409, 404, 409, 404, 401});
        expected.put("DELETE", new int[] {-1, 404, -1, 404, 401}); // -1: not tried here (it closes the process)
        List<String> callers = List.of("A", "B", "admin", "local", "forged");
        List<String> wrong = new ArrayList<>();
        for (var call : expected.entrySet()) {
            for (int i = 0; i < callers.size(); i++) {
                if (call.getValue()[i] < 0) {
                    continue;
                }
                RequestSpecification request = as(callers.get(i));
                Response response = switch (call.getKey()) {
                    case "start" -> request.header("X-Metagov-Community", community).body(BODY).post(VOTE);
                    case "GET" -> request.get(location);
                    case "GET with its community's header" -> request.header("X-Metagov-Community", community)
                            .get(location);
                    case "reopen (pending)" -> request.post(location + "/reopen");
                    default -> request.delete(location);
                };
                if (response.statusCode() != call.getValue()[i]) {
                    wrong.add(callers.get(i) + " / " + call.getKey() + ": " + response.statusCode() + " (expected "
                            + call.getValue()[i] + ") " + response.asString());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        // another driver's process reads exactly as an unknown one
        String unknown = as("A").get(VOTE + "/AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404).extract().path("message");
        String id = location.substring(location.lastIndexOf('/') + 1);
        as("B").get(location).then().body("message", equalTo(unknown.replace("AAAAAAAAAAAAAAAAAAAAAA", id)));
        as("A").get(location).then().body("status", equalTo("pending"));
        as("A").delete(location).then().statusCode(200).body("status", equalTo("completed"));
    }

    @Test
    void aTransferredCommunitysEarlierProcessesAreLeftToAdministrators() {
        String community = owned("proc-moved", A.driverId(), 1);
        String location = as("A").header("X-Metagov-Community", community).body(BODY).post(VOTE).then()
                .statusCode(202).extract().header("Location");
        owned("proc-moved", B.driverId(), 2); // an administrator gave it to B
        await().atMost(Duration.ofSeconds(30)).until(() -> as("A").get(location).statusCode() == 404);
        as("B").get(location).then().statusCode(404);
        as("admin").get(location).then().statusCode(200);
        as("B").header("X-Metagov-Community", community).body(BODY).post(VOTE).then().statusCode(202);
        as("A").header("X-Metagov-Community", community).body(BODY).post(VOTE).then().statusCode(404);
    }

    @Test
    void aProcessOfADeletedCommunityStaysItsStarters() {
        String community = owned("proc-gone", A.driverId(), 1);
        String location = as("A").header("X-Metagov-Community", community).body(BODY).post(VOTE).then()
                .statusCode(202).extract().header("Location");
        publish(community, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(community).isEmpty());
        as("A").get(location).then().statusCode(200);
        as("B").get(location).then().statusCode(404);
    }

    /** Plays community-service: the community with randomness enabled, owned by {@code owner}. */
    private String owned(String slug, String owner, long version) {
        CommunityState state = new CommunityState(slug, slug, "", List.of(new PluginInstanceState(slug + "-r",
                "randomness", Fixtures.json("{}"))), version, Instant.now(), owner);
        publish(slug, EventJson.write(state));
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(slug)
                .map(c -> c.version() == version).orElse(false));
        return slug;
    }

    private void publish(String slug, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMUNITIES, slug, value));
        }
    }
}
