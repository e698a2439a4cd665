package org.metagov.web;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a service behind the gateway takes the driver of a call ({@link CallerFilter}): {@code metagov.caller.mode}
 * and the deployment's internal key ({@code METAGOV_INTERNAL_KEY}), shared by the gateway (which signs) and the
 * services (which verify).
 */
@ConfigMapping(prefix = "metagov.caller")
public interface CallerConfig {

    enum Mode {
        /** The filter does nothing: the gateway, which authenticates drivers itself, and services without drivers. */
        NONE,
        /** Every /api/internal call needs a valid {@link CallerHeader}; without one it is a 401 (production). */
        REQUIRED,
        /**
         * A valid header is taken, a bad one is a 401, and a call without one acts as the built-in non-admin driver
         * {@code local} (tests and dev, which call the service directly).
         */
        LOCAL_WHEN_ABSENT
    }

    @WithDefault("none")
    Mode mode();

    /** The HMAC key of {@link CallerHeader}; required unless the mode is {@code none}. */
    Optional<String> internalKey();
}
