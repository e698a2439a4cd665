package org.metagov.events;

import java.time.Instant;
import java.util.List;

/**
 * A driver account as published on the compacted {@link Topics#DRIVERS} topic keyed by id (a deleted driver is a
 * tombstone). {@code generation} is the oldest token generation still honoured: revoking a driver's tokens moves it
 * on, and the gateway refuses every token whose {@code gen} claim is below it. {@code version} grows with every
 * change, so a cache keeps the newer record. {@code callbackSecret} signs the callbacks of the driver's processes;
 * it is sealed ({@link org.metagov.events.secrets.SecretSealer}, bound to the driver id), null for an account that
 * has none.
 */
public record DriverAccount(String id, String name, List<String> redirectUris, long generation, long version,
        Instant updatedAt, String callbackSecret) {

    /** An account without a callback secret (records from before it, tests). */
    public DriverAccount(String id, String name, List<String> redirectUris, long generation, long version,
            Instant updatedAt) {
        this(id, name, redirectUris, generation, version, updatedAt, null);
    }
}
