package org.metagov.community.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The keys that seal plugin secrets on the communities topic (README "Secrets on the topics"). community-service
 * seals with {@code key}; {@code previous-keys} only matter to the runner, but are read alike so one setting serves
 * the whole deployment.
 */
@ConfigMapping(prefix = "metagov.secrets")
public interface SecretsConfig {
    /** {@code METAGOV_SECRETS_KEY}: base64 of 32 random bytes. Required: the service does not start without it. */
    Optional<String> key();

    /** {@code METAGOV_SECRETS_KEY_PREVIOUS}: earlier keys (comma-separated), accepted for opening during a rotation. */
    Optional<String> previousKeys();

    /** How often {@code SecretsRepublisher} looks for communities not yet published under the current key. */
    @WithDefault("30s")
    Duration republishInterval();
}
