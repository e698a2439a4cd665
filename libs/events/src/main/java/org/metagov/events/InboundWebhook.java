package org.metagov.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A hook exactly as a platform sent it, keyed by community on {@link Topics#WEBHOOKS_INBOUND}. */
public record InboundWebhook(String id, String community, String plugin, String method, String path, String query,
        Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
}
