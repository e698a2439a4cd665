package org.metagov.community.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Drivers' event subscriptions. Environment: {@code METAGOV_SUBSCRIPTIONS_MAX_PER_DRIVER}. */
@ConfigMapping(prefix = "metagov.subscriptions")
public interface SubscriptionConfig {

    /** Subscriptions one driver may hold; one more is a 409. */
    @WithDefault("20")
    int maxPerDriver();

    /** How long a rotated-out secret keeps signing beside the new one (receivers switch in the meantime). */
    @WithDefault("24h")
    Duration rotationOverlap();
}
