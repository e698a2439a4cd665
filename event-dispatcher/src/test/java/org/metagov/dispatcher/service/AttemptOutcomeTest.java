package org.metagov.dispatcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.metagov.dispatcher.client.ReceiverResponse;
import org.metagov.dispatcher.service.AttemptOutcome.Verdict;

class AttemptOutcomeTest {

    private static Verdict verdictFor(int status) {
        return AttemptOutcome.of(new ReceiverResponse(status, null, null)).verdict();
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
    void keepsTheRetryAfterOfARetriableAnswer() {
        assertEquals(Duration.ofSeconds(7), AttemptOutcome.of(new ReceiverResponse(429, " 7 ", null)).retryAfter());
        assertNull(AttemptOutcome.of(new ReceiverResponse(503, "soon", null)).retryAfter());
        assertNull(AttemptOutcome.of(new ReceiverResponse(400, "7", null)).retryAfter());
    }
}
