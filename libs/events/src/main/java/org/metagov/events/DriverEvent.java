package org.metagov.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event for the driver, keyed by community on {@link Topics#DRIVER_EVENTS}. The dispatcher sends everything but
 * {@code id} as the body (seed 003 shape); {@code id} becomes the {@code webhook-id} header.
 */
public record DriverEvent(String id, String community, String source, String eventType, String timestamp,
        JsonNode data, JsonNode initiator) {
}
