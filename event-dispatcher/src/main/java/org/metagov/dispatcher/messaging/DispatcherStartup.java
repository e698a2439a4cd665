package org.metagov.dispatcher.messaging;

import java.net.URI;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import org.metagov.dispatcher.config.DispatcherConfig;

/** Starts delivering, or says once why it does not. */
@ApplicationScoped
public class DispatcherStartup {

    // after libs/messaging's TopicSetup (priority 10) has created the missing topics
    void onStart(@Observes @Priority(100) StartupEvent event, DispatcherConfig config,
            DriverEventConsumers consumers) {
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
