package org.metagov.runner.service;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

import org.metagov.outbound.AddressPolicy;
import org.metagov.outbound.OutboundClient;
import org.metagov.runner.config.OutboundConfig;
import org.metagov.sdk.http.OutboundPlatformHttp;
import org.metagov.sdk.http.PlatformHttp;
import org.metagov.webhooks.Backoff;

/**
 * The HTTP client plugins get ({@code http()}): one outbound client for the runner, with the configured address
 * policy, and per plugin a view that counts its calls in {@code metagov.plugin.http.requests{plugin, outcome}}
 * (bounded labels: the plugin's name and the outcome, never a URL).
 */
@ApplicationScoped
public class PlatformHttpClients {

    private final OutboundClient client;
    private final MeterRegistry metrics;

    public PlatformHttpClients(OutboundConfig config, MeterRegistry metrics) {
        AddressPolicy policy = AddressPolicy.of(config.allowLoopback(), config.allowPrivate(),
                config.allowedNetworks().orElse(List.of()));
        this.client = new OutboundClient(policy, new OutboundClient.Settings(config.connectTimeout(),
                config.timeout(), config.maxResponseBytes(), 3,
                new Backoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(2), 0.2, config.timeout()),
                "metagov-plugin-runner"));
        this.metrics = metrics;
    }

    public PlatformHttp forPlugin(String plugin) {
        return new OutboundPlatformHttp(client, outcome -> metrics.counter("metagov.plugin.http.requests",
                "plugin", plugin, "outcome", outcome).increment());
    }
}
