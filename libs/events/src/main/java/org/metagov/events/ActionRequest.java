package org.metagov.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A driver's call of a plugin action, keyed by community on {@link Topics#ACTION_REQUESTS}. */
public record ActionRequest(String id, String community, String plugin, String action, JsonNode parameters,
        Instant deadline) {
}
