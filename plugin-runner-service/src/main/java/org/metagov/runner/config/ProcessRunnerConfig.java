package org.metagov.runner.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "runner.processes")
public interface ProcessRunnerConfig {
    /** Longest one start/update/close/webhook call of plugin code may take; the process row is locked meanwhile. */
    @WithDefault("30s")
    Duration callTimeout();

    /** Threads that run process code (blocking calls to platforms). */
    @WithDefault("32")
    int threads();

    /** How often the update relay looks for rows a kick missed (after a crash, or a broker outage). */
    @WithDefault("1s")
    Duration relayInterval();
}
