package org.metagov.dispatcher.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.metagov.dispatcher.config.DispatcherConfig;

/** Exponential backoff with jitter, bounded by attempts and by total time; a receiver's Retry-After wins. */
@ApplicationScoped
public class RetryPolicy {

    private final DispatcherConfig.Retry retry;

    @Inject
    public RetryPolicy(DispatcherConfig config) {
        this(config.retry());
    }

    RetryPolicy(DispatcherConfig.Retry retry) {
        // a bad schedule must stop the start, not surface as odd delays at the first failure
        require(retry.maxAttempts() >= 1, "dispatcher.retry.max-attempts must be at least 1");
        require(retry.multiplier() >= 1.0, "dispatcher.retry.multiplier must be at least 1");
        require(retry.jitter() >= 0 && retry.jitter() <= 1, "dispatcher.retry.jitter must be within 0..1");
        require(!retry.initialDelay().isNegative() && !retry.maxDelay().isNegative(),
                "dispatcher.retry delays must not be negative");
        this.retry = retry;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The wait before the next attempt, or empty when the event should be given up.
     *
     * @param attemptsMade attempts so far, at least 1
     * @param elapsed since the first attempt started
     * @param retryAfter what the receiver asked for, or null; never retried sooner than that
     */
    public Optional<Duration> nextDelay(int attemptsMade, Duration elapsed, Duration retryAfter) {
        if (attemptsMade >= retry.maxAttempts()) {
            return Optional.empty();
        }
        Duration delay = jittered(backoff(attemptsMade));
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        if (elapsed.plus(delay).compareTo(retry.maxTotalTime()) > 0) {
            return Optional.empty();
        }
        return Optional.of(delay);
    }

    /** initial * multiplier^(attemptsMade - 1), capped at the max delay (in doubles, so it cannot overflow). */
    Duration backoff(int attemptsMade) {
        double millis = retry.initialDelay().toMillis() * Math.pow(retry.multiplier(), attemptsMade - 1);
        return Duration.ofMillis((long) Math.min(millis, retry.maxDelay().toMillis()));
    }

    /** Takes up to the jitter fraction off, so the cap stays a cap. */
    private Duration jittered(Duration delay) {
        double factor = 1.0 - retry.jitter() * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }
}
