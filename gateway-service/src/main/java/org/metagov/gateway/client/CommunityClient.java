package org.metagov.gateway.client;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.metagov.gateway.config.GatewayConfig;

/**
 * The gateway's calls to community-service (as quarkus-super-heroes' HeroClient wraps HeroRestClient): every call
 * bounded in time and its failures typed ({@link DependencyFailure}); a driver's call relayed as an
 * {@link OwnerAnswer}; the gateway's own lookup a typed result, empty for an unknown community.
 */
@ApplicationScoped
public class CommunityClient {

    public static final String SERVICE = "community-service";

    private final CommunityRestClient rest;
    private final Duration timeout;

    public CommunityClient(@RestClient CommunityRestClient rest, GatewayConfig config) {
        this.rest = rest;
        this.timeout = config.forwardTimeout();
    }

    /** The community as community-service has it; empty when it does not exist. */
    public Uni<Optional<CommunitySummary>> find(String slug) {
        return OwnerCalls.guarded(SERVICE, timeout, () -> rest.getCommunity(slug, null)).map(response -> {
            try (response) {
                if (response.getStatus() == Response.Status.NOT_FOUND.getStatusCode()) {
                    return Optional.<CommunitySummary>empty();
                }
                if (response.getStatus() != Response.Status.OK.getStatusCode()) {
                    throw DependencyFailure.badAnswer(SERVICE, response.getStatus());
                }
                return Optional.of(response.readEntity(CommunitySummary.class));
            }
        });
    }

    /** Marks an OAuth state's nonce used: true the first time, false for a replay. */
    public Uni<Boolean> useOAuthState(String nonce, java.time.Instant expiresAt) {
        return OwnerCalls.guarded(SERVICE, timeout, () -> rest.useOAuthState(nonce, expiresAt.toString()))
                .map(response -> {
                    try (response) {
                        if (response.getStatus() == Response.Status.CONFLICT.getStatusCode()) {
                            return false;
                        }
                        if (response.getStatus() != Response.Status.NO_CONTENT.getStatusCode()) {
                            throw DependencyFailure.badAnswer(SERVICE, response.getStatus());
                        }
                        return true;
                    }
                });
    }

    public Uni<OwnerAnswer> createCommunity(MultivaluedMap<String, String> query, byte[] body) {
        return relay(() -> rest.createCommunity(query, body));
    }

    public Uni<OwnerAnswer> getCommunity(String slug, MultivaluedMap<String, String> query) {
        return relay(() -> rest.getCommunity(slug, query));
    }

    public Uni<OwnerAnswer> putCommunity(String slug, MultivaluedMap<String, String> query, byte[] body) {
        return relay(() -> rest.putCommunity(slug, query, body));
    }

    public Uni<OwnerAnswer> deleteCommunity(String slug, MultivaluedMap<String, String> query) {
        return relay(() -> rest.deleteCommunity(slug, query));
    }

    public Uni<OwnerAnswer> hooks(String slug, MultivaluedMap<String, String> query) {
        return relay(() -> rest.hooks(slug, query));
    }

    /** The community's audit trail; its query (kind, since, until, limit, cursor) goes as sent. */
    public Uni<OwnerAnswer> audit(String slug, MultivaluedMap<String, String> query) {
        return relay(() -> rest.audit(slug, query));
    }

    public Uni<OwnerAnswer> enablePlugin(String plugin, String community, MultivaluedMap<String, String> query,
            byte[] body) {
        return relay(() -> rest.enablePlugin(plugin, community, query, body));
    }

    public Uni<OwnerAnswer> disablePlugin(String plugin, String id, String community,
            MultivaluedMap<String, String> query) {
        return relay(() -> rest.disablePlugin(plugin, id, community, query));
    }

    public Uni<OwnerAnswer> identityPost(String call, MultivaluedMap<String, String> query, byte[] body) {
        return relay(() -> rest.identityPost(call, query, body));
    }

    public Uni<OwnerAnswer> identityGet(String call, MultivaluedMap<String, String> query) {
        return relay(() -> rest.identityGet(call, query));
    }

    public Uni<OwnerAnswer> listCommunities(MultivaluedMap<String, String> query) {
        return relay(() -> rest.listCommunities(query));
    }

    public Uni<OwnerAnswer> changeCommunityOwner(String slug, byte[] body) {
        return relay(() -> rest.changeCommunityOwner(slug, body));
    }

    public Uni<OwnerAnswer> createDriver(byte[] body) {
        return relay(() -> rest.createDriver(body));
    }

    public Uni<OwnerAnswer> listDrivers(MultivaluedMap<String, String> query) {
        return relay(() -> rest.listDrivers(query));
    }

    public Uni<OwnerAnswer> getDriver(String id) {
        return relay(() -> rest.getDriver(id));
    }

    public Uni<OwnerAnswer> patchDriver(String id, byte[] body) {
        return relay(() -> rest.patchDriver(id, body));
    }

    public Uni<OwnerAnswer> deleteDriver(String id) {
        return relay(() -> rest.deleteDriver(id));
    }

    /** The driver's account (with its current generation) for a new token; 404 when it does not exist. */
    public Uni<OwnerAnswer> issueDriverToken(String id) {
        return relay(() -> rest.issueDriverToken(id));
    }

    public Uni<OwnerAnswer> revokeDriverTokens(String id) {
        return relay(() -> rest.revokeDriverTokens(id));
    }

    /** A new callback secret of the driver, shown once (admin only, as every driver-account call). */
    public Uni<OwnerAnswer> newDriverCallbackSecret(String id) {
        return relay(() -> rest.newDriverCallbackSecret(id));
    }

    public Uni<OwnerAnswer> createSubscription(byte[] body) {
        return relay(() -> rest.createSubscription(body));
    }

    public Uni<OwnerAnswer> listSubscriptions(MultivaluedMap<String, String> query) {
        return relay(() -> rest.listSubscriptions(query));
    }

    public Uni<OwnerAnswer> getSubscription(String id) {
        return relay(() -> rest.getSubscription(id));
    }

    public Uni<OwnerAnswer> patchSubscription(String id, byte[] body) {
        return relay(() -> rest.patchSubscription(id, body));
    }

    public Uni<OwnerAnswer> deleteSubscription(String id) {
        return relay(() -> rest.deleteSubscription(id));
    }

    private Uni<OwnerAnswer> relay(java.util.function.Supplier<Uni<Response>> call) {
        return OwnerCalls.relayed(SERVICE, timeout, call);
    }
}
