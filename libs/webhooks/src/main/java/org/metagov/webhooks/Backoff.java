package org.metagov.webhooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry backoff: {@code initial * multiplier^(attempt-1)}, capped, with jitter that only shortens (so the
 * cap stays a cap), and a receiver's {@code Retry-After} honoured up to {@code maxRetryAfter} (a receiver cannot park
 * a delivery for a day). Used for driver events and process callbacks alike.
 */
public record Backoff(Duration initial, double multiplier, Duration cap, double jitter, Duration maxRetryAfter) {

    public Backoff {
        if (initial.isNegative() || cap.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("backoff delays must not be negative");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("backoff jitter must be within 0..1");
        }
    }

    /** The un-jittered delay before attempt {@code attemptsMade + 1} (in doubles, so it cannot overflow). */
    public Duration base(int attemptsMade) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attemptsMade - 1));
        return Duration.ofMillis((long) Math.min(millis, cap.toMillis()));
    }

    /**
     * @param attemptsMade attempts so far, at least 1
     * @param retryAfter what the receiver asked for, or null; waited for when longer, up to {@code maxRetryAfter}
     */
    public Duration delay(int attemptsMade, Duration retryAfter) {
        Duration base = base(attemptsMade);
        Duration delay = Duration.ofMillis(Math.round(base.toMillis()
                * (1.0 - jitter * ThreadLocalRandom.current().nextDouble())));
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        return delay;
    }
}
