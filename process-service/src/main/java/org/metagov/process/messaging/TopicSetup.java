package org.metagov.process.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.metagov.events.TopicInitializer;
import org.metagov.process.config.ProcessConfig;

@ApplicationScoped
public class TopicSetup {

    void onStart(@Observes StartupEvent event, ProcessConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        if (config.createTopics()) {
            TopicInitializer.ensureTopicsOnStart(bootstrap, config.topicPartitions());
        }
    }
}
