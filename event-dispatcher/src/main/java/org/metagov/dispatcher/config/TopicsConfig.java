package org.metagov.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The same keys as the other services, so one setting turns topic creation off everywhere. */
@ConfigMapping(prefix = "metagov.topics")
public interface TopicsConfig {
    /** Create missing topics on start (local runs and tests; Strimzi owns them in Kubernetes). */
    @WithDefault("true")
    boolean create();

    @WithDefault("6")
    int partitions();
}
