package org.metagov.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Instant now = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void readsSecondsAndHttpDates() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse(" 7 ", now));
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Wed, 01 May 2024 12:01:30 GMT", now));
    }

    @Test
    void aPastDateOrNegativeSecondsMeanAtOnce() {
        assertEquals(Duration.ZERO, RetryAfter.parse("Wed, 01 May 2024 11:00:00 GMT", now));
        assertEquals(Duration.ZERO, RetryAfter.parse("-5", now));
    }

    @Test
    void anythingElseIsNotAnAnswer() {
        assertNull(RetryAfter.parse(null, now));
        assertNull(RetryAfter.parse(" ", now));
        assertNull(RetryAfter.parse("soon", now));
    }
}
