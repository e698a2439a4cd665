package org.metagov.community.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import org.metagov.community.config.TopicsConfig;
import org.metagov.events.TopicInitializer;

@ApplicationScoped
public class TopicSetup {

    void onStart(@Observes StartupEvent event, TopicsConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        if (config.create()) {
            TopicInitializer.ensureTopicsOnStart(kafkaConfig, config.partitions());
        }
    }
}
