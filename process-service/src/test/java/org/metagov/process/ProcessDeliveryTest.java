package org.metagov.process;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * What no request can wedge: a start too large for its record is refused; a command the relay still cannot send
 * (here the command producer's limit is set below the topic's, as a misconfiguration would) completes its process
 * with errors.delivery and fires the callback; an unreadable update is dead-lettered and the next one applied.
 */
@QuarkusTest
@TestProfile(ProcessDeliveryTest.SmallCommandProducer.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ProcessDeliveryTest extends WithTheOtherServices {

    public static class SmallCommandProducer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.process-commands-out.max.request.size", "8192");
        }
    }

    @BeforeAll
    static void stubReceiver() {
        receiver.stubFor(post("/cb/wedged").willReturn(ok()));
    }

    @Test
    void aStartTooLargeForItsRecordIs413() {
        ProcessApiTest.as(Fixtures.COMMUNITY).body("{\"title\": \"" + "x".repeat(1_045_000) + "\"}")
                .post(ProcessApiTest.TUTORIAL)
                .then().statusCode(413).body("error", equalTo("payload_too_large"))
                .body("details[0]", equalTo("parameters"));
    }

    @Test
    void aCommandThatCanNeverBeSentCompletesItsProcessWithErrorsDeliveryAndCallsBack() {
        String callback = "http://127.0.0.1:" + receiver.port() + "/cb/wedged";
        String location = ProcessApiTest.as(Fixtures.COMMUNITY)
                .body("{\"title\": \"" + "y".repeat(20_000) + "\", \"callback_url\": \"" + callback + "\"}")
                .post(ProcessApiTest.TUTORIAL).then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(location).then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("errors.delivery", containsString("RecordTooLargeException")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> receiver.verify(1, postRequestedFor(urlEqualTo("/cb/wedged"))));
        // the next start goes out: nothing is wedged behind the dead letter
        ProcessApiTest.as(Fixtures.COMMUNITY).body("{\"title\": \"small\"}").post(ProcessApiTest.TUTORIAL)
                .then().statusCode(202).body("status", equalTo("pending"));
    }

    @Test
    void anUnreadableUpdateIsDeadLetteredAndTheNextOneIsApplied() {
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PROCESS_UPDATES, "p-1", "{not json"))
                    .awaitCompletion();
            ProcessApiTest.as(Fixtures.COMMUNITY).body("{\"title\": \"after a bad record\"}")
                    .post(ProcessApiTest.TUTORIAL).then().statusCode(202).body("status", equalTo("pending"));
            List<ConsumerRecord<String, String>> letters = kafka.consumeStrings()
                    .fromTopics(Topics.PROCESS_UPDATES + Topics.DLQ_SUFFIX, 1, Duration.ofSeconds(20))
                    .awaitCompletion().getRecords();
            ConsumerRecord<String, String> letter = letters.get(0);
            assertEquals("{not json", letter.value());
            assertEquals(Topics.PROCESS_UPDATES, header(letter, "dead-letter-topic"));
            assertEquals("p-1", header(letter, "dead-letter-key"));
            assertEquals("1", header(letter, "dead-letter-attempts"));
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
