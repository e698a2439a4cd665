package org.metagov.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A change to a community's identities asked for by plugin code, keyed by community on
 * {@link Topics#IDENTITY_COMMANDS}; community-service applies it idempotently. {@code id} derives from the content,
 * so the same link asked for twice (a hook handled again) is the same command.
 */
public record IdentityCommand(String id, String type, String community, long externalId, String platformType,
        String platformIdentifier, String communityPlatformId, JsonNode customData, String linkType,
        String linkQuality) {

    public static final String LINK_ACCOUNT = "link_account";

    public static IdentityCommand linkAccount(String community, long externalId, String platformType,
            String platformIdentifier, String communityPlatformId, JsonNode customData, String linkType,
            String linkQuality) {
        String name = String.join("\u0000", LINK_ACCOUNT, community, Long.toString(externalId), platformType,
                String.valueOf(communityPlatformId), platformIdentifier);
        String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        return new IdentityCommand(id, LINK_ACCOUNT, community, externalId, platformType, platformIdentifier,
                communityPlatformId, customData, linkType, linkQuality);
    }
}
