package org.metagov.community.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The runner's {@code validateConfig} check before an enable is committed. */
@ConfigMapping(prefix = "community.config-check")
public interface ConfigCheckConfig {

    /** Off: enables are committed after the schema check alone. */
    @WithDefault("true")
    boolean enabled();

    /** The whole check's budget; past it the enable goes ahead and the instance reports the problem. */
    @WithDefault("5s")
    Duration timeout();
}
