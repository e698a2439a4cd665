package org.metagov.dispatcher.subscription;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import org.metagov.events.DriverEvent;
import org.metagov.events.EventFilter;
import org.metagov.webhooks.StandardWebhookSigner;

/**
 * The unit of delivery: one receiver URL of one driver, the communities and event types it wants, the secret its
 * deliveries are signed with. Order and isolation are per (subscription, community).
 *
 * @param communities the communities it receives; empty = every community (the built-in {@code local-default})
 * @param signer empty = no {@code webhook-signature} header
 * @param trusted set by the operator ({@code local-default}); a driver's url is checked by the outbound address
 *        policy before each attempt
 */
public record Subscription(String id, String driver, URI url, Set<String> communities, EventFilter filter,
        Optional<StandardWebhookSigner> signer, boolean trusted) {

    public Subscription {
        communities = Set.copyOf(communities);
    }

    /** An operator's subscription (trusted url). */
    public Subscription(String id, String driver, URI url, Set<String> communities, EventFilter filter,
            Optional<StandardWebhookSigner> signer) {
        this(id, driver, url, communities, filter, signer, true);
    }

    public boolean matches(DriverEvent event) {
        return (communities.isEmpty() || communities.contains(event.community()))
                && filter.matches(event.source(), event.eventType());
    }
}
