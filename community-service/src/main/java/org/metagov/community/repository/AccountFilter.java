package org.metagov.community.repository;

import java.util.List;
import java.util.Objects;

/** Upstream's account filters; a null field does not filter. All given fields must match. */
public record AccountFilter(String platformType, String communityPlatformId, String platformIdentifier,
        String linkType, String linkQuality) {

    public boolean isEmpty() {
        return platformType == null && communityPlatformId == null && platformIdentifier == null && linkType == null
                && linkQuality == null;
    }

    public boolean matches(LinkedAccountRow account) {
        return matches(platformType, account.platformType()) && matches(communityPlatformId,
                account.communityPlatformId()) && matches(platformIdentifier, account.platformIdentifier())
                && matches(linkType, account.linkType()) && matches(linkQuality, account.linkQuality());
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || Objects.equals(wanted, actual);
    }

    /** The column each field filters, in {@link #values()} order. */
    static final List<String> COLUMNS = List.of("platform_type", "community_platform_id", "platform_identifier",
            "link_type", "link_quality");

    List<String> values() {
        return java.util.Arrays.asList(platformType, communityPlatformId, platformIdentifier, linkType, linkQuality);
    }
}
