package org.metagov.dispatcher.subscription;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Default;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.DriverSubscription;
import org.metagov.events.EventFilter;
import org.metagov.events.Topics;
import org.metagov.messaging.CompactedTopicCache;
import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;
import org.metagov.events.secrets.SecretSealer;

/**
 * The subscriptions drivers manage, from the compacted subscriptions topic (community-service publishes them, secrets
 * sealed). Each becomes a {@link Subscription} signed with every secret still valid: after a rotation the previous
 * one too, until its {@code validUntil}, then only the new one. A record whose secret does not open (no or another
 * {@code METAGOV_SECRETS_KEY}) is left out, logged without its secret: nothing is sent unsigned.
 */
@Singleton // no client proxy: CompactedTopicCache has no no-args constructor to proxy
@Default
@Identifier("subscriptions-cache")
public class DriverSubscriptions extends CompactedTopicCache<DriverSubscription> {

    private record Built(Subscription subscription, Instant rebuildAt) {
    }

    private final SecretSealer sealer;
    private volatile List<Subscription> snapshot = List.of();
    private volatile Instant nextRebuild = Instant.MAX;
    private final List<Runnable> onChange = new CopyOnWriteArrayList<>();

    public DriverSubscriptions(@ConfigProperty(name = "metagov.secrets.key") Optional<String> key,
            @ConfigProperty(name = "metagov.secrets.previous-keys") Optional<String> previousKeys) {
        super(Topics.SUBSCRIPTIONS, DriverSubscription.class, DriverSubscription::version);
        this.sealer = key.filter(k -> !k.isBlank()).map(k -> SecretSealer.of(k, previousKeys.orElse(null)))
                .orElse(null);
        listener((id, record) -> {
            rebuild();
            onChange.forEach(Runnable::run);
        });
    }

    @Incoming("subscriptions")
    public void onSubscription(ConsumerRecord<String, String> record) {
        apply(record);
    }

    /** Runs after every change, on the topic consumer's thread. */
    public void onChange(Runnable action) {
        onChange.add(action);
    }

    /** From memory; rebuilt when a record changes and when a rotated-out secret expires. */
    public List<Subscription> all() {
        if (Instant.now().isAfter(nextRebuild)) {
            rebuild();
        }
        return snapshot;
    }

    /** All of them at once: a driver holds a few, and opening a sealed secret takes microseconds. */
    private synchronized void rebuild() {
        Instant now = Instant.now();
        List<Subscription> list = new ArrayList<>();
        Instant next = Instant.MAX;
        for (DriverSubscription record : values()) {
            Built entry = build(record, now);
            if (entry.subscription() != null) {
                list.add(entry.subscription());
            }
            if (entry.rebuildAt().isBefore(next)) {
                next = entry.rebuildAt();
            }
        }
        snapshot = List.copyOf(list);
        nextRebuild = next;
    }

    private Built build(DriverSubscription record, Instant now) {
        Instant rebuildAt = Instant.MAX;
        List<WebhookSecret> secrets = new ArrayList<>();
        try {
            if (sealer == null) {
                throw new IllegalArgumentException("METAGOV_SECRETS_KEY is not set");
            }
            for (DriverSubscription.SealedSecret sealed : record.secrets()) {
                if (sealed.validUntil() != null && !sealed.validUntil().isAfter(now)) {
                    continue;
                }
                if (sealed.validUntil() != null && sealed.validUntil().isBefore(rebuildAt)) {
                    rebuildAt = sealed.validUntil();
                }
                secrets.add(WebhookSecret.parse(sealer.open(sealed.sealed(), record.id()), "subscription secret"));
            }
            if (secrets.isEmpty()) {
                throw new IllegalArgumentException("no valid secret");
            }
            Subscription subscription = new Subscription(record.id(), record.driver(), URI.create(record.url()),
                    java.util.Set.copyOf(record.communities()), EventFilter.of(record.eventTypes()),
                    Optional.of(new StandardWebhookSigner(secrets)), false);
            return new Built(subscription, rebuildAt);
        } catch (IllegalArgumentException e) {
            Log.errorf("Subscription %s of driver %s is left out: %s", record.id(), record.driver(), e.getMessage());
            return new Built(null, Instant.MAX);
        }
    }
}
