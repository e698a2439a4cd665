package org.metagov.dispatcher.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How driver events are pushed to the driver. Environment: DRIVER_EVENT_RECEIVER_URL, DRIVER_WEBHOOK_SECRET. */
@ConfigMapping(prefix = "dispatcher")
public interface DispatcherConfig {

    /**
     * The driver's event endpoint ({@code DRIVER_EVENT_RECEIVER_URL}), http or https. Unset: the dispatcher does not
     * consume, so events wait in Kafka until a receiver is configured and the service restarted.
     */
    Optional<URI> receiverUrl();

    /**
     * {@code DRIVER_WEBHOOK_SECRET}. {@code whsec_<base64>} (the Standard Webhooks form, recommended) signs with the
     * decoded bytes; any other value signs with its UTF-8 bytes, with a warning at start. Unset: no
     * {@code webhook-signature} header.
     */
    Optional<String> webhookSecret();

    /** Consumer group: replicas with the same id share the partitions; offsets are committed under it. */
    @WithDefault("event-dispatcher")
    String groupId();

    /**
     * Consumer threads in this replica, each with its own partitions; each hands its records to per-(subscription,
     * community) lanes, so a retrying lane holds up only itself.
     */
    @WithDefault("6")
    int consumers();

    /**
     * Records of one partition a consumer thread may hold unfinished (in lanes, or attempted); at this bound the
     * partition is paused until half of them finished. Failing lanes park their records in PostgreSQL, so only
     * attempts in flight and the records queued behind them count.
     */
    @WithDefault("1000")
    int maxUnfinishedRecords();

    /**
     * Kafka consumer session timeout: how long the partitions of a replica that died without leaving (kill -9, a
     * lost node) stay with it before the group moves them.
     */
    @WithDefault("10s")
    Duration sessionTimeout();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Until the receiver's response headers arrive; longer counts as a timeout, which is retried. */
    @WithDefault("10s")
    Duration requestTimeout();

    Retry retry();

    /** Backoff for timeouts, connection errors, 429 and 5xx. Exhausted when either limit is reached. */
    interface Retry {
        /** Delay before the second attempt. */
        @WithDefault("1s")
        Duration initialDelay();

        /** Each further delay is the previous one times this. */
        @WithDefault("2.0")
        double multiplier();

        /** Cap of the computed delay (a Retry-After header may ask for longer, up to max-retry-after). */
        @WithDefault("5m")
        Duration maxDelay();

        /** Longest wait a receiver's Retry-After gets; a longer one waits this long (a receiver cannot park events). */
        @WithDefault("15m")
        Duration maxRetryAfter();

        /** Fraction taken off each delay at random (0 = none, 1 = "full jitter"), so retries spread out. */
        @WithDefault("0.2")
        double jitter();

        /** Attempts in all, the first included. */
        @WithDefault("10")
        int maxAttempts();

        /** From the first attempt; a retry that would start later is not made. */
        @WithDefault("1h")
        Duration maxTotalTime();
    }
}
