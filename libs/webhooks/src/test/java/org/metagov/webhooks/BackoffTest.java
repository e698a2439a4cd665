package org.metagov.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.2,
            Duration.ofMinutes(5));

    @Test
    void growsExponentiallyAndJitterNeverExceedsTheCap() {
        assertEquals(Duration.ofSeconds(1), backoff.base(1));
        assertEquals(Duration.ofSeconds(8), backoff.base(4));
        for (int attempt = 1; attempt < 200; attempt++) {
            Duration delay = backoff.delay(attempt, null);
            assertTrue(delay.compareTo(Duration.ofSeconds(30)) <= 0, "attempt " + attempt + ": " + delay);
            assertTrue(delay.compareTo(backoff.base(attempt).multipliedBy(8).dividedBy(10)) >= 0);
        }
    }

    @Test
    void retryAfterIsHonouredUpToItsMaximum() {
        assertEquals(Duration.ofSeconds(90), backoff.delay(1, Duration.ofSeconds(90)));
        assertEquals(Duration.ofMinutes(5), backoff.delay(1, Duration.ofDays(1)));
        assertTrue(backoff.delay(3, Duration.ofMillis(1)).compareTo(Duration.ofMillis(3200)) >= 0);
    }

    @Test
    void aScheduleThatMakesNoSenseIsRefusedAtConstruction() {
        assertEquals("backoff multiplier must be at least 1", assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0, Duration.ZERO)).getMessage());
        assertEquals("backoff jitter must be within 0..1", assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1.5, Duration.ZERO)).getMessage());
    }
}
