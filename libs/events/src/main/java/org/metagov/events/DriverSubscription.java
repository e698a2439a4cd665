package org.metagov.events;

import java.time.Instant;
import java.util.List;

/**
 * A driver's event subscription as published on the compacted {@link Topics#SUBSCRIPTIONS} topic keyed by id (a
 * deleted subscription is a tombstone). Secrets travel sealed, never in clear ({@code SealedSecret}s of libs/webhooks'
 * {@code SecretSealer}, bound to the subscription id).
 *
 * @param communities the communities it receives (all of them its driver's); empty = every community of its driver
 * @param eventTypes {@code <source>.<event_type>} or {@code <source>.*}; empty = every event type
 * @param secrets the current secret first; after a rotation the previous one too, until its {@code validUntil}
 * @param version grows with every change, so a cache keeps the newer record
 */
public record DriverSubscription(String id, String driver, String url, List<String> communities,
        List<String> eventTypes, List<SealedSecret> secrets, long version, Instant updatedAt) {

    /** One sealed signing secret; {@code validUntil} null for the current one. */
    public record SealedSecret(String sealed, Instant validUntil) {
    }
}
