package org.metagov.community.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code METAGOV_SECRETS_KEY}: what seals the webhook secrets this service publishes. */
@ConfigMapping(prefix = "metagov.secrets")
public interface SecretsConfig {

    /**
     * Base64 of 32 random bytes, comma-separated during a key rotation (the first seals). Unset: subscriptions and
     * callback secrets cannot be written (503), everything else works.
     */
    Optional<String> key();
}
