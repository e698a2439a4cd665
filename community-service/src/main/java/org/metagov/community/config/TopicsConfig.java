package org.metagov.community.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "metagov.topics")
public interface TopicsConfig {
    /** Create missing topics on start (local runs and tests; Strimzi owns them in Kubernetes). */
    @WithDefault("true")
    boolean create();

    @WithDefault("6")
    int partitions();
}
