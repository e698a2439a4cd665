package org.metagov.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.metagov.events.ActionReply;
import org.metagov.events.ActionReply.Outcome;
import org.metagov.events.ActionRequest;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.sdk.Json;

/** Plays plugin-runner on the real broker: answers action requests the way the runner's outcomes are defined. */
final class FakeRunner implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    FakeRunner(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-runner");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        consumer.subscribe(List.of(Topics.ACTION_REQUESTS));
        thread = new Thread(() -> {
            try (consumer; producer) {
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                        ActionRequest request = EventJson.read(r.value(), ActionRequest.class);
                        ActionReply reply = answer(request);
                        if (reply != null) {
                            producer.send(new ProducerRecord<>(Topics.ACTION_REPLIES, r.key(), EventJson.write(reply)));
                        }
                    }
                }
            }
        }, "fake-runner");
        thread.start();
    }

    private static ActionReply answer(ActionRequest request) {
        return switch (request.action()) {
            case "times-two" -> new ActionReply(request.id(), Outcome.OK,
                    Json.of(Map.of("result", request.parameters().path("value").asInt() * 2)), null);
            case "reject" -> new ActionReply(request.id(), Outcome.REJECTED, null, "Either a username or an id argument is required");
            case "fail" -> new ActionReply(request.id(), Outcome.FAILED, null, "Error fetching SourceCred accounts.json: 500",
                    java.util.List.of(Json.of(Map.of("status", 500, "body", "accounts.json is missing"))));
            case "bad-output" -> new ActionReply(request.id(), Outcome.OK, Json.of(Map.of("result", "two")), null);
            case "platform-timeout" -> new ActionReply(request.id(), Outcome.TIMED_OUT, null,
                    "Host 'slack.com' did not answer within 10 s");
            case "busy" -> ActionReply.tooBusy(request.id(), "Community 'my-community-1234' is using its whole share"
                    + " of the plugin runner; retry later", 3);
            default -> null; // "slow": never answers
        };
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
