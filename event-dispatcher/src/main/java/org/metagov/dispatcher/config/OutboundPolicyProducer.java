package org.metagov.dispatcher.config;

import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.metagov.outbound.AddressPolicy;

/** The one address policy of this service: drivers' subscription urls are checked with it before each attempt. */
public class OutboundPolicyProducer {

    @Produces
    @Singleton
    AddressPolicy addressPolicy(OutboundConfig config) {
        return AddressPolicy.of(config.allowLoopback(), config.allowPrivate(),
                config.allowedNetworks().orElse(List.of()));
    }
}
