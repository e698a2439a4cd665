package org.metagov.dispatcher.subscription;

import java.util.List;
import java.util.Optional;

import org.metagov.events.DriverEvent;

/**
 * Where the dispatcher learns the subscriptions: {@link AllSubscriptions}, the built-in {@code local-default}
 * ({@link ConfiguredSubscriptions}) and those drivers manage ({@link DriverSubscriptions}, the compacted
 * subscriptions topic). Called for every record, so an implementation answers from memory.
 */
public interface Subscriptions {

    List<Subscription> all();

    default Optional<Subscription> byId(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Whether the subscription receives the event: live, and in a replay (the same rule). */
    default boolean receives(Subscription subscription, DriverEvent event) {
        return subscription.matches(event);
    }

    default List<Subscription> matching(DriverEvent event) {
        return all().stream().filter(s -> receives(s, event)).toList();
    }
}
