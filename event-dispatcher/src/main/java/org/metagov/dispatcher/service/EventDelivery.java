package org.metagov.dispatcher.service;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import org.metagov.dispatcher.client.ReceiverClient;
import org.metagov.observability.LogFields;
import org.metagov.observability.Traceparent;
import org.metagov.observability.Tracing;
import org.metagov.dispatcher.client.ReceiverPayload;
import org.metagov.dispatcher.subscription.Subscription;
import org.metagov.events.DriverEvent;
import org.metagov.outbound.AddressPolicy;
import org.metagov.outbound.OutboundException;

/**
 * Delivers one event to a subscription's receiver: one signed {@link #attempt}, or (replays and dead-letter retries)
 * {@link #deliver} with retries on the policy's schedule, until a 2xx, a permanent refusal or the end of the schedule.
 * Blocks the calling thread; the wait between attempts is the caller's.
 */
@ApplicationScoped
public class EventDelivery {

    /** Waits out a backoff. Returns false when the event is no longer ours to deliver (partition moved, shutdown). */
    @FunctionalInterface
    public interface BackoffWait {
        boolean await(Duration delay);
    }

    public enum Status {
        DELIVERED,
        /** Give up: the caller writes {@link Result#deadLetter()} to the DLQ. */
        DEAD_LETTER,
        /** Stopped before an outcome; the event must be delivered again by whoever owns it next. */
        ABANDONED
    }

    public record Result(Status status, DeadLetter deadLetter) {
        static final Result DELIVERED = new Result(Status.DELIVERED, null);
        static final Result ABANDONED = new Result(Status.ABANDONED, null);
    }

    private final ReceiverClient client;
    private final RetryPolicy policy;
    private final DeliveryMetrics metrics;
    private final AddressPolicy addresses;

    private final Tracing tracing;

    public EventDelivery(ReceiverClient client, RetryPolicy policy, DeliveryMetrics metrics, AddressPolicy addresses,
            Tracing tracing) {
        this.tracing = tracing;
        this.client = client;
        this.policy = policy;
        this.metrics = metrics;
        this.addresses = addresses;
    }

    /**
     * @param webhookId the same on every attempt and every redelivery, so the receiver can de-duplicate
     * @param receivedAt when the event reached Kafka; latency is measured from it when the event's timestamp is
     *        unreadable
     */
    public Result deliver(Subscription subscription, String webhookId, DriverEvent event, Instant receivedAt,
            BackoffWait wait) throws InterruptedException {
        long started = System.nanoTime();
        for (int attempt = 1;; attempt++) {
            AttemptOutcome outcome = attempt(subscription, webhookId, event, receivedAt);
            switch (outcome.verdict()) {
                case DELIVERED -> {
                    return Result.DELIVERED;
                }
                case GIVE_UP -> {
                    return new Result(Status.DEAD_LETTER, deadLetter(outcome, attempt, Duration.ZERO));
                }
                case RETRY -> {
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                    Optional<Duration> delay = policy.nextDelay(attempt, elapsed, outcome.retryAfter());
                    if (delay.isEmpty()) {
                        return new Result(Status.DEAD_LETTER, deadLetter(outcome, attempt, elapsed));
                    }
                    metrics.retried(event.source(), outcome.cause());
                    Log.debugf("Event %s attempt %d: %s; next in %d ms", webhookId, attempt, outcome.description(),
                            delay.get().toMillis());
                    if (!wait.await(delay.get())) {
                        return Result.ABANDONED;
                    }
                }
            }
        }
    }

    /** One signed POST; a 2xx is counted (with its latency from the event's time) before it is returned. */
    public AttemptOutcome attempt(Subscription subscription, String webhookId, DriverEvent event, Instant receivedAt)
            throws InterruptedException {
        // a client span child of the caller's context (the event's trace on live deliveries); its traceparent goes
        // on to the receiver, so a driver can join the trace
        Span span = tracing.startChild("POST " + subscription.id(), SpanKind.CLIENT);
        span.setAttribute("messaging.message.id", webhookId);
        AttemptOutcome outcome;
        try (Scope scope = span.makeCurrent(); LogFields fields = LogFields.of(LogFields.COMMUNITY,
                event.community(), LogFields.PLUGIN, event.source(), LogFields.EVENT_ID, webhookId)) {
            outcome = attempt(subscription, webhookId, ReceiverPayload.json(event));
            if (outcome.response() != null) {
                span.setAttribute("http.response.status_code", outcome.response().status());
            }
            if (outcome.verdict() != AttemptOutcome.Verdict.DELIVERED) {
                span.setStatus(StatusCode.ERROR, outcome.cause());
            }
        } finally {
            span.end();
        }
        metrics.attempted(event.source(), switch (outcome.verdict()) {
            case DELIVERED -> "delivered";
            case RETRY -> "retry";
            case GIVE_UP -> "give_up";
        });
        if (outcome.verdict() == AttemptOutcome.Verdict.DELIVERED) {
            metrics.delivered(event.source(), Duration.between(occurredAt(event, receivedAt), Instant.now()));
        }
        return outcome;
    }

    /** The dead letter of an event given up after {@code attempts} with this last outcome. */
    public static DeadLetter deadLetter(AttemptOutcome last, int attempts, Duration elapsed) {
        return last.verdict() == AttemptOutcome.Verdict.GIVE_UP
                ? new DeadLetter(DeadLetter.REJECTED, last.description(), attempts, last.response())
                : new DeadLetter(DeadLetter.EXHAUSTED, "retries exhausted after " + attempts + " attempts in "
                        + elapsed.toMillis() + " ms; last: " + last.description(), attempts, last.response());
    }

    private AttemptOutcome attempt(Subscription subscription, String webhookId, String body)
            throws InterruptedException {
        URI receiver = subscription.url();
        if (!subscription.trusted()) {
            try {
                addresses.check(receiver, false); // fills the JVM's address cache the client then connects from
            } catch (OutboundException e) {
                return AttemptOutcome.refused(e);
            }
        }
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        subscription.signer().ifPresent(s -> headers.put("webhook-signature", s.sign(webhookId, timestamp, body)));
        Traceparent.inject(headers);
        try {
            return AttemptOutcome.of(client.post(receiver, body, headers));
        } catch (HttpTimeoutException e) {
            return AttemptOutcome.timeout(e);
        } catch (IOException e) {
            return AttemptOutcome.connectionFailed(e);
        }
    }

    /** The event's timestamp is seconds since the epoch with a fraction, as a string ("1619102376.5358589"). */
    static Instant occurredAt(DriverEvent event, Instant fallback) {
        try {
            BigDecimal seconds = new BigDecimal(event.timestamp().trim());
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        } catch (RuntimeException unreadable) {
            return fallback;
        }
    }
}
