package org.metagov.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How consumers treat a record whose handler fails ({@link RecordFailurePolicy}). */
@ConfigMapping(prefix = "metagov.consumer")
public interface ConsumerPolicyConfig {

    /** Tries of a handler that fails for another reason than an invalid record or an unwell world. */
    @WithDefault("3")
    int handlerAttempts();

    /** First wait before a retry; doubles up to {@link #maxRetryDelay()}. */
    @WithDefault("100ms")
    Duration retryDelay();

    @WithDefault("30s")
    Duration maxRetryDelay();
}
