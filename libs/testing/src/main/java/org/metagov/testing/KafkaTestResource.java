package org.metagov.testing;

import java.nio.file.Files;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/** Starts a real Kafka broker for one test class; use with {@code @WithTestResource(KafkaTestResource.class)}. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = KafkaBroker.start(FreePort.find(), Files.createTempDirectory("kafka-test"));
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded Kafka broker", e);
        }
        String bootstrap = broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
