package org.metagov.runner.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The outbound policy of plugins' HTTP calls to URLs from instance config (libs/outbound). Environment:
 * {@code METAGOV_OUTBOUND_ALLOW_LOOPBACK}, {@code METAGOV_OUTBOUND_ALLOW_PRIVATE},
 * {@code METAGOV_OUTBOUND_ALLOWED_NETWORKS}; the same names as process-service's callbacks.
 */
@ConfigMapping(prefix = "metagov.outbound")
public interface OutboundConfig {

    /** Lets config URLs point at loopback addresses (local runs, tests with a fake platform). */
    @WithDefault("false")
    boolean allowLoopback();

    /** Lets config URLs point at private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). */
    @WithDefault("false")
    boolean allowPrivate();

    /** Networks allowed whatever their kind, comma-separated CIDRs such as {@code 10.20.0.0/16,fd00:1::/32}. */
    Optional<List<String>> allowedNetworks();

    @WithDefault("5s")
    Duration connectTimeout();

    /** A whole call, 429 waits included; below the action timeout, so the plugin can still answer. */
    @WithDefault("10s")
    Duration timeout();

    /** Longest body read from a platform; a longer one fails the call with a message naming this limit. */
    @WithDefault("5242880")
    long maxResponseBytes();
}
