package org.metagov.dispatcher.service;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

import org.metagov.dispatcher.client.ReceiverResponse;
import org.metagov.outbound.OutboundException;
import org.metagov.webhooks.RetryAfter;

/**
 * What one delivery attempt came to and whether another is worth making.
 *
 * @param cause a short, bounded label, used as a metric tag and in the dead letter
 * @param description for people: logs and the dead letter's reason
 * @param response the receiver's answer, or null when there was none
 * @param retryAfter what the receiver asked us to wait, or null
 */
public record AttemptOutcome(Verdict verdict, String cause, String description, ReceiverResponse response,
        Duration retryAfter) {

    public enum Verdict {
        DELIVERED,
        RETRY,
        GIVE_UP
    }

    public static AttemptOutcome of(ReceiverResponse response) {
        int status = response.status();
        if (response.isSuccess()) {
            return new AttemptOutcome(Verdict.DELIVERED, "status_2xx", "receiver answered " + status, response, null);
        }
        if (status >= 300 && status < 400) {
            // a moved receiver is a configuration error no retry fixes; following it would send signed events
            // wherever the Location points
            return new AttemptOutcome(Verdict.GIVE_UP, "redirect",
                    "receiver answered " + status + " redirect to " + response.location() + " (not followed)",
                    response, null);
        }
        // 408 is the receiver's own timeout, as transient as ours
        if (status == 429 || status == 408 || status >= 500) {
            String cause = status >= 500 ? "status_5xx" : "status_" + status;
            return new AttemptOutcome(Verdict.RETRY, cause, "receiver answered " + status, response,
                    RetryAfter.parse(response.retryAfter(), Instant.now()));
        }
        return new AttemptOutcome(Verdict.GIVE_UP, "status_4xx", "receiver rejected the event with " + status,
                response, null);
    }

    public static AttemptOutcome timeout(HttpTimeoutException e) {
        return new AttemptOutcome(Verdict.RETRY, "timeout", "no response in time: " + e.getMessage(), null, null);
    }

    /** A driver's url the outbound address policy refuses now (its DNS may have changed): nothing is sent. */
    public static AttemptOutcome refused(OutboundException e) {
        return e.isCallerFault()
                ? new AttemptOutcome(Verdict.GIVE_UP, "refused", "not sent: " + e.getMessage(), null, null)
                : new AttemptOutcome(Verdict.RETRY, "connection", "not sent: " + e.getMessage(), null, null);
    }

    public static AttemptOutcome connectionFailed(IOException e) {
        return new AttemptOutcome(Verdict.RETRY, "connection",
                "connection failed: " + e.getClass().getSimpleName() + " " + e.getMessage(), null, null);
    }
}
