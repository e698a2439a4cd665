package org.metagov.process.messaging;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.DriverAccount;
import org.metagov.events.Topics;
import org.metagov.messaging.CompactedTopicCache;
import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;
import org.metagov.events.secrets.SecretSealer;

/**
 * Each driver's own callback secret, from the compacted drivers topic (sealed by community-service, opened here with
 * {@code METAGOV_SECRETS_KEY}): the signer of that driver's processes' callbacks. A driver without one, or whose
 * secret does not open, has none: its callbacks go unsigned rather than signed with another driver's secret.
 */
@Singleton // no client proxy: CompactedTopicCache has no no-args constructor to proxy
@Default
@Identifier("drivers-cache")
public class DriverCallbackSecrets extends CompactedTopicCache<DriverAccount> {

    private final SecretSealer sealer;
    private final Map<String, StandardWebhookSigner> signers = new ConcurrentHashMap<>();

    public DriverCallbackSecrets(@ConfigProperty(name = "metagov.secrets.key") Optional<String> key,
            @ConfigProperty(name = "metagov.secrets.previous-keys") Optional<String> previousKeys) {
        super(Topics.DRIVERS, DriverAccount.class, DriverAccount::version);
        this.sealer = key.filter(k -> !k.isBlank()).map(k -> SecretSealer.of(k, previousKeys.orElse(null)))
                .orElse(null);
        listener((id, account) -> {
            signers.remove(id);
            if (account != null && account.callbackSecret() != null) {
                signer(account).ifPresent(s -> signers.put(id, s));
            }
        });
    }

    @Incoming("drivers")
    public void onDriver(ConsumerRecord<String, String> record) {
        apply(record);
    }

    public Optional<StandardWebhookSigner> signerOf(String driver) {
        return Optional.ofNullable(signers.get(driver));
    }

    private Optional<StandardWebhookSigner> signer(DriverAccount account) {
        try {
            if (sealer == null) {
                throw new IllegalArgumentException("METAGOV_SECRETS_KEY is not set");
            }
            String secret = sealer.open(account.callbackSecret(), account.id());
            return Optional.of(new StandardWebhookSigner(WebhookSecret.parse(secret, "callback secret")));
        } catch (IllegalArgumentException e) {
            Log.errorf("Driver %s's callback secret is not usable (its callbacks go unsigned): %s", account.id(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
