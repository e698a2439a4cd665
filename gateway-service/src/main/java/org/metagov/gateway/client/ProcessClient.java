package org.metagov.gateway.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.metagov.gateway.config.GatewayConfig;

/**
 * The gateway's calls to process-service: a driver's process calls relayed as {@link OwnerAnswer}s, bounded in time,
 * failures typed ({@link DependencyFailure}). process-service answers in the seed's terms itself.
 */
@ApplicationScoped
public class ProcessClient {

    public static final String SERVICE = "process-service";

    private final ProcessRestClient rest;
    private final Duration timeout;

    public ProcessClient(@RestClient ProcessRestClient rest, GatewayConfig config) {
        this.rest = rest;
        this.timeout = config.forwardTimeout();
    }

    public Uni<OwnerAnswer> start(String name, String community, MultivaluedMap<String, String> query, byte[] body) {
        return OwnerCalls.relayed(SERVICE, timeout, () -> rest.start(name, community, query, body));
    }

    public Uni<OwnerAnswer> get(String name, String id, String community, MultivaluedMap<String, String> query) {
        return OwnerCalls.relayed(SERVICE, timeout, () -> rest.get(name, id, community, query));
    }

    public Uni<OwnerAnswer> close(String name, String id, String community, MultivaluedMap<String, String> query) {
        return OwnerCalls.relayed(SERVICE, timeout, () -> rest.close(name, id, community, query));
    }

    public Uni<OwnerAnswer> reopen(String name, String id, String community, MultivaluedMap<String, String> query,
            byte[] body) {
        return OwnerCalls.relayed(SERVICE, timeout, () -> rest.reopen(name, id, community, query, body));
    }
}
