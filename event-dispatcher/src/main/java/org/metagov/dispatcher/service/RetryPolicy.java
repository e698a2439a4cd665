package org.metagov.dispatcher.service;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.metagov.dispatcher.config.DispatcherConfig;
import org.metagov.webhooks.Backoff;

/**
 * When to try a driver event again: the delays are the one {@link Backoff} (libs/webhooks: exponential, jitter that
 * only shortens, Retry-After up to {@code max-retry-after}); this class adds the dispatcher's own limits, attempts
 * and total time.
 */
@ApplicationScoped
public class RetryPolicy {

    private final DispatcherConfig.Retry retry;
    private final Backoff backoff;

    @Inject
    public RetryPolicy(DispatcherConfig config) {
        this(config.retry());
    }

    RetryPolicy(DispatcherConfig.Retry retry) {
        // a bad schedule must stop the start, not surface as odd delays at the first failure
        if (retry.maxAttempts() < 1) {
            throw new IllegalArgumentException("dispatcher.retry.max-attempts must be at least 1");
        }
        try {
            this.backoff = new Backoff(retry.initialDelay(), retry.multiplier(), retry.maxDelay(), retry.jitter(),
                    retry.maxRetryAfter());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dispatcher.retry: " + e.getMessage());
        }
        this.retry = retry;
    }

    /**
     * The wait before the next attempt, or empty when the event should be given up.
     *
     * @param attemptsMade attempts so far, at least 1
     * @param elapsed since the first attempt started
     * @param retryAfter what the receiver asked for, or null; never retried sooner than that, up to the maximum
     */
    public Optional<Duration> nextDelay(int attemptsMade, Duration elapsed, Duration retryAfter) {
        if (attemptsMade >= retry.maxAttempts()) {
            return Optional.empty();
        }
        Duration delay = backoff.delay(attemptsMade, retryAfter);
        if (elapsed.plus(delay).compareTo(retry.maxTotalTime()) > 0) {
            return Optional.empty();
        }
        return Optional.of(delay);
    }
}
