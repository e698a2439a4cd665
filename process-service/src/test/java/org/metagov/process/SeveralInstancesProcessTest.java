package org.metagov.process;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.events.process.ProcessCommand;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A community with two instances of one plugin: a process starts in the instance its {@code community_platform_id}
 * names (the start command tells plugin-runner which), and naming none where two could be meant is a 400 listing
 * them; {@link FakeRunner} plays plugin-runner.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SeveralInstancesProcessTest extends WithTheOtherServices {

    static final String TWO = "proc-two-instances";

    @Test
    void aProcessStartsInTheInstanceItNamesAndNamingNoneOfTwoIs400() {
        CommunityState two = new CommunityState(TWO, TWO, "", List.of(
                new PluginInstanceState(TWO + "-r1", "randomness", Fixtures.json("{}"), 11, "R1", "h1"),
                new PluginInstanceState(TWO + "-r2", "randomness", Fixtures.json("{}"), 12, "R2", "h2")),
                1, Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(java.util.Map.of("bootstrap.servers",
                bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMUNITIES, TWO, EventJson.write(two)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> directory.find(TWO).isPresent());
        String body = "{\"options\": [\"yes\", \"no\"], \"delay\": 30}";

        given().header("X-Metagov-Community", TWO).contentType(ContentType.JSON).body(body)
                .post(ProcessApiTest.VOTE).then().statusCode(400).body("error", equalTo("bad_request"))
                .body("message", containsString("has 2 instances"))
                .body("details", equalTo(List.of("community_platform_id=R1", "community_platform_id=R2")));
        given().header("X-Metagov-Community", TWO).contentType(ContentType.JSON).body(body)
                .post(ProcessApiTest.VOTE + "?community_platform_id=R3").then().statusCode(400)
                .body("message", containsString("no instance with community_platform_id 'R3'"));
        given().header("X-Metagov-Community", TWO).contentType(ContentType.JSON).body(body)
                .post(ProcessApiTest.VOTE + "?community_platform_id=").then().statusCode(400);

        String location = given().header("X-Metagov-Community", TWO).contentType(ContentType.JSON).body(body)
                .post(ProcessApiTest.VOTE + "?community_platform_id=R2").then().statusCode(202)
                .body("status", equalTo("pending")).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        ProcessCommand start = runner.commandsOf(id, ProcessCommand.Type.START).get(0);
        assertEquals("R2", start.communityPlatformId());

        // a community with one instance needs no id (and the start names none)
        String single = ProcessApiTest.start(ProcessApiTest.VOTE, body);
        String singleId = single.substring(single.lastIndexOf('/') + 1);
        assertEquals(null, runner.commandsOf(singleId, ProcessCommand.Type.START).get(0).communityPlatformId());
    }
}
