package org.metagov.community.repository;

/** One linked platform account, with the primary of its identity's merge group. */
public record LinkedAccountRow(long externalId, String community, String platformType, String communityPlatformId,
        String platformIdentifier, String customData, String linkType, String linkQuality, long primaryId) {
}
