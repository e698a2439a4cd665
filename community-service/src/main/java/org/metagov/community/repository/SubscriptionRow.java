package org.metagov.community.repository;

import java.time.Instant;
import java.util.List;

/** A subscription as stored; {@code secret} and {@code previousSecret} are sealed. */
public record SubscriptionRow(String id, String driverId, String url, List<String> communities,
        List<String> eventTypes, String secret, String previousSecret, Instant previousSecretUntil, long version,
        Instant createdAt, Instant updatedAt) {
}
