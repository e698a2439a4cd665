package org.metagov.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code metagov.kafka.max-message-bytes}: every topic's max.message.bytes and every producer's max.request.size. */
@ConfigMapping(prefix = "metagov.kafka")
public interface KafkaLimitsConfig {

    @WithDefault("1048576")
    int maxMessageBytes();
}
