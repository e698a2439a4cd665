package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.TopicContents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A hook is accepted only if it fits one Kafka record with its envelope (headers, path, query, base64 body);
 * every larger one is a JSON 413, whether it announces its length or comes chunked. Hooks between ~786 KiB and
 * 1 MiB (chunked: 2 MiB) used to be accepted, fail to publish, and answer 503.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeCommunityService.class)
class HookSizeTest {

    private static final Pattern LIMIT = Pattern.compile("limit of (\\d+) bytes");
    private static final String HOOK = "/api/hooks/sized/tutorial";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static boolean published;

    @BeforeEach
    void community() {
        if (!published) {
            TutorialCommunity.publish(bootstrap, "sized", "i9");
            published = true;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().body("{}").post(HOOK).statusCode() == 200);
    }

    @Test
    void aHookUpToTheLimitIsKeptWholeAndOneByteMoreIs413() {
        String message = given().body(new byte[1_000_000]).post(HOOK)
                .then().statusCode(413).body("error", equalTo("payload_too_large")).extract().path("message");
        Matcher limit = LIMIT.matcher(message);
        assertTrue(limit.find(), message);
        int maxBody = Integer.parseInt(limit.group(1));
        // (1 MiB - record overhead - this hook's envelope) * 3/4, base64 growing 4/3 in the JSON record
        assertTrue(maxBody > 700_000 && maxBody < 786_432, "limit " + maxBody);

        byte[] largest = new byte[maxBody];
        for (int i = 0; i < maxBody; i++) {
            largest[i] = (byte) i;
        }
        String id = given().body(largest).post(HOOK).then().statusCode(200).extract().path("id");
        InboundWebhook kept = find(id);
        assertArrayEquals(largest, kept.body());

        given().body(new byte[maxBody + 1]).post(HOOK)
                .then().statusCode(413).body("error", equalTo("payload_too_large"));
    }

    @Test
    void chunkedHooksOverTheLimitAre413Json() throws IOException {
        String head = "POST " + HOOK + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/octet-stream\r\n"
                + "Connection: close\r\n";
        assertEquals(200, RawHttp.sendChunked(port, head, new byte[100_000], 8192).status());
        // past what the record holds, under the body limit; past the body limit; past Quarkus' own limit (2M)
        for (int size : new int[] {900_000, 1_500_000, 3_000_000}) {
            RawHttp.Answer answer = RawHttp.sendChunked(port, head, new byte[size], 65_536);
            assertEquals(413, answer.status(), size + ": " + answer.head() + answer.body());
            assertTrue(answer.body().contains("\"error\":\"payload_too_large\""), size + ": " + answer.body());
        }
    }

    @Test
    void announcedHooksPastQuarkusOwnLimitAre413Json() throws IOException {
        RawHttp.Answer answer = RawHttp.send(port, "POST " + HOOK + " HTTP/1.1\r\nHost: gateway\r\n"
                + "Content-Length: 3000000\r\n\r\n{}");
        assertEquals(413, answer.status());
        assertTrue(answer.body().contains("\"error\":\"payload_too_large\""), answer.body());
    }

    /** The hook the gateway answered {@code id} for, as it is on webhooks-inbound (written before the 200). */
    private InboundWebhook find(String id) {
        InboundWebhook[] found = new InboundWebhook[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, String> r : TopicContents.read(bootstrap, Topics.WEBHOOKS_INBOUND)) {
                InboundWebhook hook = EventJson.read(r.value(), InboundWebhook.class);
                if (hook.id().equals(id)) {
                    found[0] = hook;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }
}
