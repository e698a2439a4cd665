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

    default List<Subscription> matching(DriverEvent event) {
        return all().stream().filter(s -> s.matches(event)).toList();
    }
}
