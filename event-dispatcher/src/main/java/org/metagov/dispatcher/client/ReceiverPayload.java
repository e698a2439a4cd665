package org.metagov.dispatcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;

/**
 * The body the driver receives: seed 003's event shape, exactly these six snake_case keys in this order, and a
 * seventh, {@code community_platform_id}, only when the emitting instance has one.
 */
public final class ReceiverPayload {

    private ReceiverPayload() {
    }

    public static String json(DriverEvent event) {
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("community", event.community());
        body.put("source", event.source());
        body.put("event_type", event.eventType());
        body.put("timestamp", event.timestamp());
        body.set("data", orNull(event.data()));
        // {"user_id", "provider"} as the plugin SDK's Initiator writes it; the seed makes it optional
        body.set("initiator", orNull(event.initiator()));
        if (event.communityPlatformId() != null) {
            // which of several instances of the plugin in the community sent it (an extension; absent when null)
            body.put("community_platform_id", event.communityPlatformId());
        }
        return EventJson.write(body);
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null || node.isMissingNode() ? EventJson.MAPPER.nullNode() : node;
    }
}
