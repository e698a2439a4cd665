package org.metagov.dispatcher.messaging;

import java.net.URI;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import org.metagov.dispatcher.config.DispatcherConfig;
import org.metagov.dispatcher.config.TopicsConfig;
import org.metagov.events.TopicInitializer;

/** Creates missing topics, then starts delivering, or says once why it does not. */
@ApplicationScoped
public class DispatcherStartup {

    void onStart(@Observes StartupEvent event, DispatcherConfig config, TopicsConfig topics,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, DriverEventConsumers consumers) {
        if (topics.create()) {
            TopicInitializer.ensureTopicsOnStart(kafkaConfig, topics.partitions());
        }
        config.receiverUrl().ifPresentOrElse(url -> consumers.start(checked(url)), () -> Log.warn(
                "DRIVER_EVENT_RECEIVER_URL (dispatcher.receiver-url) is not set: driver events are not consumed and"
                        + " stay in Kafka until it is set and the dispatcher restarted"));
    }

    /** A receiver URL that cannot work stops the start, rather than dead-lettering every event. */
    private static URI checked(URI url) {
        if (!url.isAbsolute() || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("dispatcher.receiver-url must be an absolute http(s) URL (scheme given: " + url.getScheme() + ")");
        }
        return url;
    }
}
