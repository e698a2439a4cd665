package org.metagov.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

import io.smallrye.mutiny.Uni;

import org.metagov.gateway.client.CommunityClient;
import org.metagov.gateway.client.DispatcherClient;
import org.metagov.gateway.client.OwnerAnswer;

/**
 * A driver's event subscriptions, for the calling driver (passed on in the driver header; each owner answers another
 * driver's subscription as unknown): community-service owns them, the event-dispatcher their replays and dead
 * letters. A subscription just made reaches the dispatcher through the subscriptions topic, normally within a
 * second; until then its replay and dead-letter calls are 404s.
 */
@ApplicationScoped
public class DriverSubscriptions {

    private final CommunityClient community;
    private final DispatcherClient dispatcher;

    public DriverSubscriptions(CommunityClient community, DispatcherClient dispatcher) {
        this.community = community;
        this.dispatcher = dispatcher;
    }

    public Uni<OwnerAnswer> create(byte[] body) {
        return community.createSubscription(body);
    }

    public Uni<OwnerAnswer> list(MultivaluedMap<String, String> query) {
        return community.listSubscriptions(query);
    }

    public Uni<OwnerAnswer> get(String id) {
        return community.getSubscription(id);
    }

    public Uni<OwnerAnswer> patch(String id, byte[] body) {
        return community.patchSubscription(id, body);
    }

    public Uni<OwnerAnswer> delete(String id) {
        return community.deleteSubscription(id);
    }

    public Uni<OwnerAnswer> replay(String id, byte[] body) {
        return dispatcher.replay(id, body);
    }

    public Uni<OwnerAnswer> replayStatus(String id, String replay) {
        return dispatcher.replayStatus(id, replay);
    }

    public Uni<OwnerAnswer> deadLetters(String id, MultivaluedMap<String, String> query) {
        return dispatcher.deadLetters(id, query);
    }

    public Uni<OwnerAnswer> retry(String id, String eventId) {
        return dispatcher.retry(id, eventId);
    }
}
