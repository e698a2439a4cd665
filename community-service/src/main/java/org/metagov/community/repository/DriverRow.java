package org.metagov.community.repository;

import java.time.Instant;
import java.util.List;

/** A driver account as stored. */
public record DriverRow(String id, String name, List<String> redirectUris, long generation, long version,
        Instant createdAt, Instant updatedAt) {
}
