package org.metagov.dispatcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.metagov.dispatcher.config.DispatcherConfig;

class RetryPolicyTest {

    record Schedule(Duration initialDelay, double multiplier, Duration maxDelay, double jitter, int maxAttempts,
            Duration maxTotalTime, Duration maxRetryAfter) implements DispatcherConfig.Retry {
        Schedule(Duration initialDelay, double multiplier, Duration maxDelay, double jitter, int maxAttempts,
                Duration maxTotalTime) {
            this(initialDelay, multiplier, maxDelay, jitter, maxAttempts, maxTotalTime, Duration.ofMinutes(10));
        }
    }

    private static final Schedule NO_JITTER = new Schedule(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0, 10,
            Duration.ofMinutes(5));

    @Test
    void growsExponentiallyUpToTheMaxDelay() {
        RetryPolicy policy = new RetryPolicy(NO_JITTER);

        assertEquals(Optional.of(Duration.ofSeconds(1)), policy.nextDelay(1, Duration.ZERO, null));
        assertEquals(Optional.of(Duration.ofSeconds(2)), policy.nextDelay(2, Duration.ZERO, null));
        assertEquals(Optional.of(Duration.ofSeconds(8)), policy.nextDelay(4, Duration.ZERO, null));
        assertEquals(Optional.of(Duration.ofSeconds(10)), policy.nextDelay(5, Duration.ZERO, null));
        assertEquals(Optional.of(Duration.ofSeconds(10)), policy.nextDelay(9, Duration.ZERO, null));
    }

    @Test
    void jitterOnlyShortensTheDelay() {
        RetryPolicy policy = new RetryPolicy(new Schedule(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.5, 10,
                Duration.ofMinutes(5)));
        for (int i = 0; i < 200; i++) {
            long millis = policy.nextDelay(3, Duration.ZERO, null).orElseThrow().toMillis();
            assertTrue(millis >= 2000 && millis <= 4000, "4 s with up to half taken off, got " + millis);
        }
    }

    @Test
    void givesUpAfterMaxAttempts() {
        RetryPolicy policy = new RetryPolicy(NO_JITTER);

        assertTrue(policy.nextDelay(9, Duration.ZERO, null).isPresent());
        assertTrue(policy.nextDelay(10, Duration.ZERO, null).isEmpty());
    }

    @Test
    void givesUpWhenTheNextAttemptWouldStartAfterMaxTotalTime() {
        RetryPolicy policy = new RetryPolicy(NO_JITTER);

        assertTrue(policy.nextDelay(5, Duration.ofSeconds(290), null).isPresent());
        assertTrue(policy.nextDelay(5, Duration.ofSeconds(291), null).isEmpty());
    }

    @Test
    void honoursRetryAfterEvenBeyondTheMaxDelay() {
        RetryPolicy policy = new RetryPolicy(NO_JITTER);

        assertEquals(Optional.of(Duration.ofSeconds(30)), policy.nextDelay(1, Duration.ZERO, Duration.ofSeconds(30)));
        // never sooner than asked, so a shorter Retry-After does not cut the backoff
        assertEquals(Optional.of(Duration.ofSeconds(8)), policy.nextDelay(4, Duration.ZERO, Duration.ofSeconds(1)));
        // but not past the total time: then the event is given up
        assertTrue(policy.nextDelay(1, Duration.ZERO, Duration.ofMinutes(6)).isEmpty());
    }

    @Test
    void aRetryAfterLongerThanItsMaximumWaitsTheMaximum() {
        RetryPolicy policy = new RetryPolicy(new Schedule(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0, 10,
                Duration.ofHours(2), Duration.ofMinutes(15)));

        assertEquals(Optional.of(Duration.ofMinutes(15)), policy.nextDelay(1, Duration.ZERO, Duration.ofDays(1)));
    }

    @Test
    void refusesSchedulesThatCannotWork() {
        assertEquals("dispatcher.retry: backoff multiplier must be at least 1", assertThrows(
                IllegalArgumentException.class, () -> new RetryPolicy(new Schedule(Duration.ofSeconds(1), 0.5,
                        Duration.ofSeconds(10), 0, 10, Duration.ofMinutes(5)))).getMessage());
        assertEquals("dispatcher.retry: backoff jitter must be within 0..1", assertThrows(
                IllegalArgumentException.class, () -> new RetryPolicy(new Schedule(Duration.ofSeconds(1), 2,
                        Duration.ofSeconds(10), 1.5, 10, Duration.ofMinutes(5)))).getMessage());
        assertEquals("dispatcher.retry.max-attempts must be at least 1", assertThrows(
                IllegalArgumentException.class, () -> new RetryPolicy(new Schedule(Duration.ofSeconds(1), 2,
                        Duration.ofSeconds(10), 0, 0, Duration.ofMinutes(5)))).getMessage());
    }
}
