package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.Topics;
import org.metagov.events.WebhookAnswer;
import org.metagov.testing.KafkaTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * A platform-wide hook of a plugin whose receiver answers: the gateway makes it durable, waits for the runner's
 * answer (played here on the real broker) and gives back its status, type and body; no answer in time is a 504.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeCommunityService.class)
class AnsweringHookTest {

    static final String ANSWERER = """
            {"name": "answerer", "description": "Answers", "processes": [], "actions": [], "webhookReceiver": true,
             "webhookAnswers": true, "authType": "none"}""";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static AnsweringRunner runner;

    @BeforeEach
    void catalog() {
        if (runner == null) {
            try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
                kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PLUGIN_CATALOG, "answerer", ANSWERER))
                        .awaitCompletion();
            }
            runner = new AnsweringRunner(bootstrap);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200
                && given().body("{\"type\": 0}").post("/api/hooks/answerer").statusCode() != 404);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void theRunnersAnswerIsTheHooksResponse() {
        given().contentType("application/json").body("{\"type\": 1}").post("/api/hooks/answerer")
                .then().statusCode(200).contentType(startsWith("application/json")).body("type", equalTo(1));
    }

    @Test
    void aRefusalKeepsItsStatus() {
        given().contentType("application/json").header("X-Test-Signature", "bad").body("{\"type\": 1}")
                .post("/api/hooks/answerer").then().statusCode(401).body("error", equalTo("unauthorized"));
    }

    @Test
    void noAnswerInTimeIs504() {
        given().contentType("application/json").body("{\"type\": \"slow\"}").post("/api/hooks/answerer")
                .then().statusCode(504).body("error", equalTo("timeout"));
    }

    /** Plays the runner: reads webhooks-inbound and answers on action-replies by hook id, as WebhookRouter does. */
    static final class AnsweringRunner implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        AnsweringRunner(String bootstrap) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "answering-runner");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new StringDeserializer());
            KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer());
            consumer.subscribe(List.of(Topics.WEBHOOKS_INBOUND));
            thread = new Thread(() -> {
                try (consumer; producer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                            InboundWebhook hook = EventJson.read(r.value(), InboundWebhook.class);
                            WebhookAnswer answer = answer(hook);
                            if (answer != null && hook.answerBy() != null) {
                                producer.send(new ProducerRecord<>(Topics.ACTION_REPLIES, r.key(),
                                        EventJson.write(answer.toReply(hook.id()))));
                            }
                        }
                    }
                }
            }, "answering-runner");
            thread.start();
        }

        private static WebhookAnswer answer(InboundWebhook hook) {
            String body = new String(hook.body(), StandardCharsets.UTF_8);
            if (body.contains("slow")) {
                return null;
            }
            boolean forged = hook.headers().entrySet().stream()
                    .anyMatch(e -> e.getKey().equalsIgnoreCase("X-Test-Signature"));
            return forged ? new WebhookAnswer(401, "application/json",
                    "{\"error\": \"unauthorized\", \"message\": \"bad\", \"details\": []}".getBytes(StandardCharsets.UTF_8))
                    : new WebhookAnswer(200, "application/json", hook.body());
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
