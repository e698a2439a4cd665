package org.metagov.dispatcher.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import org.metagov.dispatcher.subscription.Subscriptions;

/** Starts delivering, or says once why it does not. */
@ApplicationScoped
public class DispatcherStartup {

    // after libs/messaging's TopicSetup (priority 10) has created the missing topics
    void onStart(@Observes @Priority(100) StartupEvent event, Subscriptions subscriptions,
            DriverEventConsumers consumers) {
        if (subscriptions.all().isEmpty()) {
            Log.warn("DRIVER_EVENT_RECEIVER_URL (dispatcher.receiver-url) is not set: driver events are not consumed"
                    + " and stay in Kafka until it is set and the dispatcher restarted");
            return;
        }
        consumers.start();
    }
}
