package org.metagov.process.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "process")
public interface ProcessConfig {

    Updates updates();

    Callbacks callbacks();

    /**
     * How long DELETE waits for the plugin's close() before answering 504; below the gateway's forward timeout
     * (15 s), so the driver gets this service's answer rather than the gateway's.
     */
    @WithDefault("10s")
    Duration closeTimeout();

    /**
     * How long POST waits for the plugin's start() before answering 202 anyway, so that a driver polling right after
     * the 202 finds the process pending (as with Metagov, whose start() runs inside the POST); 0 answers at once.
     */
    @WithDefault("3s")
    Duration startWait();

    /**
     * How long POST waits for a community or plugin instance it does not know yet (a community PUT a moment ago
     * may still be on its way over the communities topic) before answering 404 or 400.
     */
    @WithDefault("1s")
    Duration directoryWait();

    /** How often the command outbox is checked for rows a kick missed (after a crash or a broker outage). */
    @WithDefault("1s")
    Duration outboxInterval();

    /** How long answered-command markers and finished callback rows are kept. */
    @WithDefault("168h")
    Duration retention();

    interface Updates {
        /** Between two update() calls of a pending process whose plugin and annotation name no interval. */
        @WithDefault("60s")
        Duration defaultInterval();

        /** Per plugin name, winning over the process annotation's interval. */
        Map<String, Duration> plugins();

        /** When set, every process uses it (tests, benchmarks). */
        Optional<Duration> forceInterval();

        /** How often this replica looks for due processes. */
        @WithDefault("1s")
        Duration scanInterval();

        /** Most processes one scan sends updates for; the rest wait for the next scan. */
        @WithDefault("1000")
        int batch();

        /** An update not answered within this is sent again (the runner died or the command was lost). */
        @WithDefault("5m")
        Duration answerTimeout();
    }

    interface Callbacks {
        /**
         * Signs callbacks (Standard Webhooks) when set; a {@code whsec_<base64>} value (recommended) is decoded, any
         * other is used as its bytes, with a warning at start. Where callback_url may point: {@link OutboundConfig}.
         */
        Optional<String> secret();

        @WithDefault("10")
        int maxAttempts();

        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("10m")
        Duration maxBackoff();

        /** Longest wait a receiver's Retry-After gets. */
        @WithDefault("10m")
        Duration maxRetryAfter();

        @WithDefault("10s")
        Duration timeout();

        /** How often this replica looks for due deliveries a kick missed (retries, other replicas' rows). */
        @WithDefault("1s")
        Duration scanInterval();
    }
}
