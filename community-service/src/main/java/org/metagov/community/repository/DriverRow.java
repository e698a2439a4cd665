package org.metagov.community.repository;

import java.time.Instant;
import java.util.List;

/** A driver account as stored; {@code callbackSecret} sealed, null for an account made before they existed. */
public record DriverRow(String id, String name, List<String> redirectUris, long generation, long version,
        Instant createdAt, Instant updatedAt, String callbackSecret) {
}
