package org.metagov.community.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.community.config.SecretsConfig;
import org.metagov.web.ApiException;
import org.metagov.events.secrets.SecretSealer;

/**
 * Seals the webhook secrets this service stores and publishes (subscriptions' secrets, drivers' callback secrets):
 * never in clear in the database or on a topic. A key that is set but malformed stops the start; without one, the
 * writes that need it answer 503 and everything else works.
 */
@ApplicationScoped
public class SecretSealing {

    private final SecretSealer sealer;

    public SecretSealing(SecretsConfig config) {
        this.sealer = config.key().filter(k -> !k.isBlank())
                .map(k -> SecretSealer.of(k, config.previousKeys().orElse(null))).orElse(null);
    }

    public boolean available() {
        return sealer != null;
    }

    /** @param boundTo the id of what the secret belongs to: the sealed text opens only for it */
    public String seal(String secret, String boundTo) {
        if (sealer == null) {
            throw new ApiException(503, "secrets_key_missing",
                    "This deployment has no METAGOV_SECRETS_KEY, so it cannot keep webhook secrets");
        }
        return sealer.seal(secret, boundTo);
    }
}
