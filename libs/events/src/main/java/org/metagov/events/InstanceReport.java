package org.metagov.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What plugin-runner learnt about an instance that community-service owns, keyed by community on
 * {@link Topics#INSTANCE_REPORTS}: today the platform's id of the community, which a plugin may learn only from the
 * platform in {@code initialize()} (Loomio's group). {@code id} derives from the content, so the same report sent
 * twice (an initialize run again after a crash) is the same report; community-service applies it idempotently.
 */
public record InstanceReport(String id, String community, String instanceId, String communityPlatformId) {

    public static InstanceReport platformId(String community, String instanceId, String communityPlatformId) {
        String name = String.join("\u0000", "platform_id", community, instanceId, communityPlatformId);
        return new InstanceReport(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(), community,
                instanceId, communityPlatformId);
    }
}
