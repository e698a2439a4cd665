package org.metagov.runner.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "runner")
public interface RunnerConfig {
    /** Longest a plugin action may run before the runner answers that it failed. */
    @WithDefault("20s")
    Duration actionTimeout();

    /**
     * Longest a plugin's {@code validateConfig} may run; below community-service's budget for the whole call, so
     * the runner answers "no verdict" before the enable gives up waiting.
     */
    @WithDefault("4s")
    Duration configCheckTimeout();

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

    Teardown teardown();

    interface Teardown {
        /** Tries of a failing {@code onDisable()} before it is given up (logged, counted, state dropped anyway). */
        @WithDefault("5")
        int maxAttempts();

        /** Wait after a failed try before the next. */
        @WithDefault("30s")
        Duration retryDelay();

        /** Longest one {@code onDisable()} may run; a try of a runner that crashed is claimed again after it. */
        @WithDefault("60s")
        Duration timeout();
    }

    interface Polling {
        /** Interval of an {@code @EventProducer} that names none. */
        @WithDefault("60s")
        Duration defaultInterval();
    }
}
