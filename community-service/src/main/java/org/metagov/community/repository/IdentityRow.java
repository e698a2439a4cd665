package org.metagov.community.repository;

/**
 * One identity: its community, the driver that community belongs to, and the primary of its merge group (itself
 * when not merged into another).
 */
public record IdentityRow(long externalId, String community, long primaryId, String owner) {
}
