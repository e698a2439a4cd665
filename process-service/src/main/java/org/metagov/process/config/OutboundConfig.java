package org.metagov.process.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where a caller's {@code callback_url} may point (libs/outbound's address policy). Environment:
 * {@code METAGOV_OUTBOUND_ALLOW_LOOPBACK}, {@code METAGOV_OUTBOUND_ALLOW_PRIVATE},
 * {@code METAGOV_OUTBOUND_ALLOWED_NETWORKS}, as for plugin-runner's plugins; application.properties keeps the old
 * names ({@code process.callbacks.allow-loopback}, {@code PROCESS_CALLBACK_ALLOW_LOOPBACK} and the same for private)
 * as aliases.
 */
@ConfigMapping(prefix = "metagov.outbound")
public interface OutboundConfig {

    /** Lets callback_url point at loopback addresses (local runs and tests). */
    @WithDefault("false")
    boolean allowLoopback();

    /** Lets callback_url point at private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). */
    @WithDefault("false")
    boolean allowPrivate();

    /** Networks allowed whatever their kind, comma-separated CIDRs such as {@code 10.20.0.0/16,fd00:1::/32}. */
    Optional<List<String>> allowedNetworks();
}
