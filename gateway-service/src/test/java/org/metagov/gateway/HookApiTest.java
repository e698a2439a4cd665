package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.sdk.Json;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.TopicContents;

import io.quarkus.test.common.WithTestResource;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeCommunityService.class)
class HookApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static boolean published;

    @BeforeEach
    void communities() {
        if (!published) {
            CommunityState slugged = new CommunityState("slugged", "slugged", "", List.of(new PluginInstanceState("i1",
                    "tutorial", Json.object().put("api_key", "k").put("webhook_slug", "f5c3ff8f"))), 0, Instant.now());
            CommunityState plain = new CommunityState("plain", "plain", "", List.of(new PluginInstanceState("i2",
                    "tutorial", Json.object().put("api_key", "k"))), 0, Instant.now());
            try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
                kafka.produceStrings().fromRecords(
                        new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", ActionApiTest.TUTORIAL),
                        new ProducerRecord<>(Topics.PLUGIN_CATALOG, "sourcecred", ActionApiTest.TUTORIAL
                                .replace("tutorial", "sourcecred")
                                .replace("\"webhookReceiver\": true", "\"webhookReceiver\": false")),
                        new ProducerRecord<>(Topics.COMMUNITIES, "slugged", EventJson.write(slugged)),
                        new ProducerRecord<>(Topics.COMMUNITIES, "plain", EventJson.write(plain))).awaitCompletion();
            }
            published = true;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void aHookIsKeptAsItCameWithItsHeaders() {
        byte[] body = "payload=%7B%22a%22%3A1%7D".getBytes(StandardCharsets.UTF_8);
        // sent as raw bytes: RestAssured would otherwise re-encode a form body
        String id = given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)))
                .contentType("application/x-www-form-urlencoded").header("X-Test-Signature", "abc")
                .body(body).post("/api/hooks/slugged/tutorial/f5c3ff8f?x=1")
                .then().statusCode(200).body("id", notNullValue()).extract().path("id");
        InboundWebhook hook = find(id);
        assertEquals("slugged", hook.community());
        assertEquals("tutorial", hook.plugin());
        assertEquals("x=1", hook.query());
        assertArrayEquals(body, hook.body());
        assertEquals("abc", hook.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("X-Test-Signature"))
                .findFirst().orElseThrow().getValue().get(0));
    }

    @Test
    void webhookSlugRulesCannotBeProbed() {
        given().body("{}").post("/api/hooks/plain/tutorial").then().statusCode(200);
        String wrong = given().body("{}").post("/api/hooks/slugged/tutorial/wrong").then().statusCode(404)
                .extract().asString();
        String missing = given().body("{}").post("/api/hooks/slugged/tutorial").then().statusCode(404).extract().asString();
        String unknownCommunity = given().body("{}").post("/api/hooks/nobody/tutorial").then().statusCode(404)
                .extract().asString();
        String notEnabled = given().body("{}").post("/api/hooks/plain/sourcecred").then().statusCode(404).extract().asString();
        String slugOnPlain = given().body("{}").post("/api/hooks/plain/tutorial/extra").then().statusCode(404).extract().asString();
        assertEquals(wrong, missing);
        assertEquals(wrong, unknownCommunity);
        assertEquals(wrong, notEnabled);
        assertEquals(wrong, slugOnPlain);
    }

    @Test
    void platformWideHooksOnlyForPluginsWithReceivers() {
        given().body("{\"installation\": {\"id\": 1}}").post("/api/hooks/tutorial").then().statusCode(200);
        given().body("{}").post("/api/hooks/sourcecred").then().statusCode(404);
        given().body("{}").post("/api/hooks/nope").then().statusCode(404);
    }

    @Test
    void tooLargeIs413Json() {
        given().body(new byte[1_048_577]).post("/api/hooks/plain/tutorial")
                .then().statusCode(413).body("error", equalTo("payload_too_large"));
    }

    /** The hook the gateway answered {@code id} for, as it is on webhooks-inbound (written before the 200). */
    private InboundWebhook find(String id) {
        InboundWebhook[] found = new InboundWebhook[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (ConsumerRecord<String, String> r : TopicContents.read(bootstrap, Topics.WEBHOOKS_INBOUND)) {
                InboundWebhook hook = EventJson.read(r.value(), InboundWebhook.class);
                if (hook.id().equals(id)) {
                    assertEquals("slugged", r.key());
                    found[0] = hook;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }
}
