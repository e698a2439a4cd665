package org.metagov.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** OAuth installs ({@code /auth/{plugin}/...}, issue 16). */
@ConfigMapping(prefix = "gateway.oauth")
public interface OAuthConfig {

    /**
     * {@code METAGOV_OAUTH_STATE_SECRET}: the key our {@code state} values are signed with (HMAC-SHA256), the same on
     * every gateway replica; unset: a random key per start (one replica only, and states die with a restart).
     */
    Optional<String> stateSecret();

    /** How long a state is valid: from the authorize redirect to the platform's callback. */
    @WithDefault("10m")
    Duration stateTtl();

    /** {@code METAGOV_PUBLIC_URL}: our callback is {@code <it>/auth/<plugin>/callback}; unset: no OAuth install. */
    Optional<String> publicUrl();

    /** How long a step waits for the runner (which calls the platform). */
    @WithDefault("20s")
    Duration runnerTimeout();
}
