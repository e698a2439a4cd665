package org.metagov.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The community's identities (Metagov's identity API) as plugin code reaches them, so a driver can find the user
 * behind an event's initiator with {@code get_users}.
 */
public interface Identities {

    /**
     * Links a platform account to the identity {@code externalId} of this plugin's community. Fire-and-forget: the
     * link is on its way once this returns and is applied shortly after; linking the same account again changes
     * nothing. {@code communityPlatformId}, {@code customData}, {@code linkType} and {@code linkQuality} may be null
     * (no platform id, {@code {}}, {@code "unknown"}, {@code "unknown"}).
     */
    void linkAccount(long externalId, String platformType, String platformIdentifier, String communityPlatformId,
            JsonNode customData, String linkType, String linkQuality);
}
