package org.metagov.runner.messaging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Ids of driver events. While a hook is handled they derive from the hook's id, so a hook handled again after a
 * crash (at-least-once) yields the same ids and the driver sees a redelivery, not a new event; elsewhere random.
 */
public final class EventIds {

    private static final ThreadLocal<Derived> CURRENT = new ThreadLocal<>();

    private static final class Derived {
        final String cause;
        int next;

        Derived(String cause) {
            this.cause = cause;
        }
    }

    private EventIds() {
    }

    /** Runs {@code work} with event ids derived from {@code cause}: the n-th event it sends gets the n-th id. */
    public static <T> T derivedFrom(String cause, Supplier<T> work) {
        Derived previous = CURRENT.get();
        CURRENT.set(new Derived(cause));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    static String next() {
        Derived derived = CURRENT.get();
        if (derived == null) {
            return UUID.randomUUID().toString();
        }
        String name = derived.cause + "#" + derived.next++;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
