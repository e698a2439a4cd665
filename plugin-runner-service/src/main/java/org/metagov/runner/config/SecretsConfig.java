package org.metagov.runner.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The keys that open plugin secrets sealed on the communities topic (README "Secrets on the topics"). */
@ConfigMapping(prefix = "metagov.secrets")
public interface SecretsConfig {
    /** {@code METAGOV_SECRETS_KEY}: base64 of 32 random bytes. Required: the runner does not start without it. */
    Optional<String> key();

    /** {@code METAGOV_SECRETS_KEY_PREVIOUS}: earlier keys (comma-separated), still opened during a rotation. */
    Optional<String> previousKeys();
}
