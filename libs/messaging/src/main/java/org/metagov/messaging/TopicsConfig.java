package org.metagov.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The topic settings every service shares, one key each (env METAGOV_TOPICS_CREATE and so on). */
@ConfigMapping(prefix = "metagov.topics")
public interface TopicsConfig {

    /** Create missing topics on start (local runs and tests; Strimzi owns them in Kubernetes). */
    @WithDefault("true")
    boolean create();

    /** Partitions of the keyed topics (compacted ones have 1). */
    @WithDefault("6")
    int partitions();

    @WithDefault("1")
    short replicationFactor();
}
