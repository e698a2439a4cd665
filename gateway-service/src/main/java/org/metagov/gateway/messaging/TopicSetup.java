package org.metagov.gateway.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import org.metagov.events.TopicInitializer;
import org.metagov.gateway.config.GatewayConfig;

@ApplicationScoped
public class TopicSetup {

    void onStart(@Observes StartupEvent event, GatewayConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        if (config.createTopics()) {
            TopicInitializer.ensureTopicsOnStart(kafkaConfig, new TopicInitializer.Settings(true,
                    config.topicPartitions(), (short) 1, org.metagov.events.RecordLimits.defaults()));
        }
    }
}
