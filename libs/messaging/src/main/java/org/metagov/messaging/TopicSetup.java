package org.metagov.messaging;

import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import org.metagov.events.RecordLimits;
import org.metagov.events.TopicInitializer;

/** Creates the catalog's missing topics before anything else of the service starts, and gives the record limits. */
@ApplicationScoped
public class TopicSetup {

    private final TopicsConfig config;
    private final KafkaLimitsConfig limits;

    public TopicSetup(TopicsConfig config, KafkaLimitsConfig limits) {
        this.config = config;
        this.limits = limits;
    }

    void onStart(@Observes @Priority(10) StartupEvent event,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        TopicInitializer.ensureTopicsOnStart(kafkaConfig, settings());
    }

    public TopicInitializer.Settings settings() {
        return new TopicInitializer.Settings(config.create(), config.partitions(), config.replicationFactor(),
                limits());
    }

    @Produces
    @Singleton // a record cannot be proxied
    public RecordLimits limits() {
        return new RecordLimits(limits.maxMessageBytes());
    }
}
