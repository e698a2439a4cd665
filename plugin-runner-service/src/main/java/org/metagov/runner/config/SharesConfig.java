package org.metagov.runner.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Fair shares of the plugin threads (issue 13): how much of each pool (actions, process calls, polling tasks) one
 * community, and one plugin across communities, may hold at once. A share is a fraction of the pool's threads, at
 * least one thread.
 */
@ConfigMapping(prefix = "runner.shares")
public interface SharesConfig {
    /** Part of each pool one community may use at once (64 action threads: 16). */
    @WithDefault("0.25")
    double perCommunity();

    /** Part of each pool one plugin may use at once, all communities together (64 action threads: 32). */
    @WithDefault("0.5")
    double perPlugin();

    /**
     * Actions of one community that may wait for its share beyond those running; past it an action is refused at
     * once (429). Also per plugin.
     */
    @WithDefault("16")
    int queue();

    /** Longest a queued action waits for a share (and never past its deadline) before it is refused (429). */
    @WithDefault("2s")
    Duration queueWait();

    /** What a refused caller is told to wait ({@code Retry-After}). */
    @WithDefault("2s")
    Duration retryAfter();
}
