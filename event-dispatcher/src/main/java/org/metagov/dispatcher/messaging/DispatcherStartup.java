package org.metagov.dispatcher.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import org.metagov.dispatcher.subscription.AllSubscriptions;

/**
 * Starts delivering once the subscriptions and communities topics were read to their end (so no event is taken
 * before its subscriptions and owner are known) and there is a subscription; until then events wait in Kafka.
 */
@ApplicationScoped
public class DispatcherStartup {

    private final AllSubscriptions subscriptions;
    private final DriverEventConsumers consumers;

    public DispatcherStartup(AllSubscriptions subscriptions, DriverEventConsumers consumers) {
        this.subscriptions = subscriptions;
        this.consumers = consumers;
    }

    // after libs/messaging's TopicSetup (priority 10) has created the missing topics
    void onStart(@Observes @Priority(100) StartupEvent event) {
        subscriptions.whenCaughtUp(() -> {
            if (subscriptions.all().isEmpty()) {
                Log.warn("No subscription yet (DRIVER_EVENT_RECEIVER_URL is not set and no driver has one): driver "
                        + "events stay in Kafka until the first subscription is made");
            }
            startIfAny();
        });
        subscriptions.onChange(this::startIfAny);
    }

    private synchronized void startIfAny() {
        if (!consumers.isStarted() && subscriptions.caughtUp() && !subscriptions.all().isEmpty()) {
            consumers.start();
        }
    }
}
