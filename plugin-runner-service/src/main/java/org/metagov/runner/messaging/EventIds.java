package org.metagov.runner.messaging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids of driver events. While a hook is handled they derive from the hook's id, so a hook handled again after a
 * crash (at-least-once) yields the same ids and the driver sees a redelivery, not a new event; elsewhere random.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    /** The id of the {@code n}-th event (from 0) sent because of {@code cause}. */
    public static String derived(String cause, int n) {
        return UUID.nameUUIDFromBytes((cause + "#" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
