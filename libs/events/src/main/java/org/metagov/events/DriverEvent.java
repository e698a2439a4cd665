package org.metagov.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event for the driver, keyed by community on {@link Topics#DRIVER_EVENTS}. The dispatcher sends everything but
 * {@code id} as the body (seed 003 shape); {@code id} becomes the {@code webhook-id} header.
 * {@code communityPlatformId} is the emitting instance's (an extension over upstream; left out when null), which tells
 * a driver which of several instances of one plugin in its community an event comes from.
 */
public record DriverEvent(String id, String community, String source, String eventType, String timestamp,
        JsonNode data, JsonNode initiator,
        @JsonInclude(JsonInclude.Include.NON_NULL) String communityPlatformId) {

    public DriverEvent(String id, String community, String source, String eventType, String timestamp,
            JsonNode data, JsonNode initiator) {
        this(id, community, source, eventType, timestamp, data, initiator, null);
    }
}
