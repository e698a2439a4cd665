package org.metagov.dispatcher.service;

import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;

/** A driver-events record's value as the event it should be. */
public final class EventRecords {

    private EventRecords() {
    }

    /** The event, or null when the value is not one the driver could act on. */
    public static DriverEvent read(String value, String key) {
        try {
            DriverEvent event = EventJson.read(value, DriverEvent.class);
            if (event.source() == null || event.eventType() == null) {
                return null; // JSON, but not an event the driver could act on
            }
            if (event.community() == null && key != null) {
                // the key is the community by contract; the body the driver gets should carry it
                return new DriverEvent(event.id(), key, event.source(), event.eventType(), event.timestamp(),
                        event.data(), event.initiator(), event.communityPlatformId());
            }
            return event;
        } catch (RuntimeException unreadable) { // not JSON, not an object, a null value
            return null;
        }
    }
}
