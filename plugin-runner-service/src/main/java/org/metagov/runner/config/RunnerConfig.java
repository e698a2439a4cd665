package org.metagov.runner.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "runner")
public interface RunnerConfig {
    /** Longest a plugin action may run before the runner answers that it failed. */
    @WithDefault("20s")
    Duration actionTimeout();

    /** Threads that run plugin code (blocking HTTP calls to platforms). */
    @WithDefault("64")
    int pluginThreads();

    /** Threads that run polling tasks ({@code @EventProducer}). */
    @WithDefault("4")
    int pollingThreads();

    /**
     * Longest a hook waits for its community's instance when this runner has not applied that community (or the
     * version the gateway accepted the hook against) yet; after that it is dropped and counted as unrouted.
     */
    @WithDefault("5s")
    Duration hookInstanceWait();

    Polling polling();

    interface Polling {
        /** Interval of an {@code @EventProducer} that names none. */
        @WithDefault("60s")
        Duration defaultInterval();
    }
}
