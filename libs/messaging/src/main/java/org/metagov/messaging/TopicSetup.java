package org.metagov.messaging;

import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import org.metagov.events.RecordLimits;
import org.metagov.events.TopicInitializer;

/** Creates the catalog's missing topics before anything else of the service starts, and gives the record limits. */
@ApplicationScoped
public class TopicSetup {

    private final TopicsConfig config;

    public TopicSetup(TopicsConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent event,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        TopicInitializer.ensureTopicsOnStart(kafkaConfig, settings());
    }

    public TopicInitializer.Settings settings() {
        return new TopicInitializer.Settings(config.topics().create(), config.topics().partitions(),
                config.topics().replicationFactor(), limits());
    }

    @Produces
    @ApplicationScoped
    public RecordLimits limits() {
        return new RecordLimits(config.kafka().maxMessageBytes());
    }
}
