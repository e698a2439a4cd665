package org.metagov.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The topic settings every service shares, one key each (env METAGOV_TOPICS_CREATE and so on). */
@ConfigMapping(prefix = "metagov")
public interface TopicsConfig {

    Topics topics();

    Kafka kafka();

    interface Topics {
        /** Create missing topics on start (local runs and tests; Strimzi owns them in Kubernetes). */
        @WithDefault("true")
        boolean create();

        /** Partitions of the keyed topics (compacted ones have 1). */
        @WithDefault("6")
        int partitions();

        @WithName("replication-factor")
        @WithDefault("1")
        short replicationFactor();
    }

    interface Kafka {
        /** Every topic's max.message.bytes and every producer's max.request.size. */
        @WithName("max-message-bytes")
        @WithDefault("1048576")
        int maxMessageBytes();
    }
}
