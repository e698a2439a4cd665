package org.metagov.gateway.client;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.metagov.gateway.config.GatewayConfig;

/** The gateway's calls to the event-dispatcher: bounded in time, failures typed, answers relayed as they came. */
@ApplicationScoped
public class DispatcherClient {

    public static final String SERVICE = "event-dispatcher";

    private final DispatcherRestClient rest;
    private final Duration timeout;

    public DispatcherClient(@RestClient DispatcherRestClient rest, GatewayConfig config) {
        this.rest = rest;
        this.timeout = config.forwardTimeout();
    }

    public Uni<OwnerAnswer> replay(String id, byte[] body) {
        return relay(() -> rest.replay(id, body));
    }

    public Uni<OwnerAnswer> replayStatus(String id, String replay) {
        return relay(() -> rest.replayStatus(id, replay));
    }

    public Uni<OwnerAnswer> deadLetters(String id, MultivaluedMap<String, String> query) {
        return relay(() -> rest.deadLetters(id, query));
    }

    public Uni<OwnerAnswer> retry(String id, String eventId) {
        return relay(() -> rest.retry(id, eventId));
    }

    private Uni<OwnerAnswer> relay(Supplier<Uni<Response>> call) {
        return OwnerCalls.relayed(SERVICE, timeout, call);
    }
}
