package org.metagov.runner.plugins.common;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginState;

/**
 * The ids of platform deliveries an instance has handled lately (Slack's {@code event_id}, Discord's interaction
 * {@code id}), kept in its state: a signed request replayed inside the signature's window, or retried by the
 * platform, is not sent to the driver twice. Bounded in time and in number.
 */
public final class SeenIds {

    /** Kept this long: Slack retries a delivery for about half an hour. */
    public static final long KEEP_SECONDS = 3600;
    public static final int MAX_IDS = 2000;

    private SeenIds() {
    }

    /** False when {@code id} was seen under {@code key} within the hour; otherwise remembers it. Empty: true. */
    public static boolean firstTime(PluginState state, String key, String id) {
        if (id == null || id.isEmpty()) {
            return true;
        }
        long now = Instant.now().getEpochSecond();
        JsonNode stored = state.get(key);
        ObjectNode seen = stored != null && stored.isObject() ? (ObjectNode) stored : Json.object();
        if (seen.has(id) && now - seen.get(id).asLong() < KEEP_SECONDS) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = seen.fields(); it.hasNext();) {
            if (now - it.next().getValue().asLong() >= KEEP_SECONDS || seen.size() >= MAX_IDS) {
                it.remove(); // oldest first, as inserted
            }
        }
        seen.put(id, now);
        state.set(key, seen);
        return true;
    }
}
