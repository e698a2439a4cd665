package org.metagov.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {
    /** Where community and plugin-instance calls are forwarded. */
    @WithDefault("http://localhost:8081")
    String communityServiceUrl();

    /** Where governance process calls are forwarded. */
    @WithDefault("http://localhost:8083")
    String processServiceUrl();

    /** Where subscriptions' replays and dead letters are forwarded. */
    @WithDefault("http://localhost:8084")
    String dispatcherUrl();

    /** How long a driver waits for a plugin action before 504. Longer than the runner's own action timeout. */
    @WithDefault("25s")
    Duration actionTimeout();

    /** How long a forwarded call may take before 504. */
    @WithDefault("15s")
    Duration forwardTimeout();

    /**
     * How long the platform's request waits for an answering receiver's answer (Discord wants one within 3 s)
     * before 504; the hook itself is kept and handled all the same.
     */
    @WithDefault("2500ms")
    Duration hookAnswerTimeout();
}
