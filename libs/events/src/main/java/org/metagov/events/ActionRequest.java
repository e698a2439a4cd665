package org.metagov.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A driver's call of a plugin action, keyed by community on {@link Topics#ACTION_REQUESTS}. {@code communityPlatformId}
 * picks one of several instances of the plugin in the community; null: the only one.
 */
public record ActionRequest(String id, String community, String plugin, String action, JsonNode parameters,
        Instant deadline, String communityPlatformId) {

    public ActionRequest(String id, String community, String plugin, String action, JsonNode parameters,
            Instant deadline) {
        this(id, community, plugin, action, parameters, deadline, null);
    }
}
