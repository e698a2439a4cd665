package org.metagov.community.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where a subscription's url may point (libs/outbound's address policy), as for callbacks and plugins:
 * {@code METAGOV_OUTBOUND_ALLOW_LOOPBACK}, {@code METAGOV_OUTBOUND_ALLOW_PRIVATE},
 * {@code METAGOV_OUTBOUND_ALLOWED_NETWORKS}.
 */
@ConfigMapping(prefix = "metagov.outbound")
public interface OutboundConfig {

    @WithDefault("false")
    boolean allowLoopback();

    @WithDefault("false")
    boolean allowPrivate();

    Optional<List<String>> allowedNetworks();
}
