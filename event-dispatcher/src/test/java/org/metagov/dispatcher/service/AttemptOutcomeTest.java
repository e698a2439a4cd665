package org.metagov.dispatcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.metagov.dispatcher.client.ReceiverResponse;
import org.metagov.dispatcher.service.AttemptOutcome.Verdict;

class AttemptOutcomeTest {

    private static Verdict verdictFor(int status) {
        return AttemptOutcome.of(new ReceiverResponse(status, "", null, null)).verdict();
    }

    @Test
    void onlyA2xxIsDelivered() {
        assertEquals(Verdict.DELIVERED, verdictFor(200));
        assertEquals(Verdict.DELIVERED, verdictFor(204));
    }

    @Test
    void retriesTooManyRequestsRequestTimeoutAndServerErrors() {
        assertEquals(Verdict.RETRY, verdictFor(429));
        assertEquals(Verdict.RETRY, verdictFor(408));
        assertEquals(Verdict.RETRY, verdictFor(500));
        assertEquals(Verdict.RETRY, verdictFor(503));
    }

    @Test
    void givesUpOnRedirectsAndOtherClientErrors() {
        assertEquals(Verdict.GIVE_UP, verdictFor(301));
        assertEquals(Verdict.GIVE_UP, verdictFor(308));
        assertEquals(Verdict.GIVE_UP, verdictFor(400));
        assertEquals(Verdict.GIVE_UP, verdictFor(401));
        assertEquals(Verdict.GIVE_UP, verdictFor(404));
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2024-05-01T12:00:00Z");

        assertEquals(Duration.ofSeconds(7), AttemptOutcome.parseRetryAfter(" 7 ", now));
        assertEquals(Duration.ofSeconds(90), AttemptOutcome.parseRetryAfter("Wed, 01 May 2024 12:01:30 GMT", now));
        assertEquals(Duration.ZERO, AttemptOutcome.parseRetryAfter("Wed, 01 May 2024 11:00:00 GMT", now));
        assertNull(AttemptOutcome.parseRetryAfter("soon", now));
        assertNull(AttemptOutcome.parseRetryAfter(null, now));
    }
}
