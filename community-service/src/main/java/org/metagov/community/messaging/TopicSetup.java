package org.metagov.community.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.metagov.community.config.TopicsConfig;
import org.metagov.events.TopicInitializer;

@ApplicationScoped
public class TopicSetup {

    void onStart(@Observes StartupEvent event, TopicsConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        if (config.create()) {
            TopicInitializer.ensureTopicsOnStart(bootstrap, config.partitions());
        }
    }
}
