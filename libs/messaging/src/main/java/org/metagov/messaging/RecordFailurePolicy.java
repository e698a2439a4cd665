package org.metagov.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.metagov.events.KafkaFailures;
import org.metagov.webhooks.Backoff;

/**
 * The one failure policy of every Kafka consumer, classified by {@link KafkaFailures}:
 * <ul>
 * <li>an unreadable or invalid record goes at once to its topic's dead-letter topic (reason, source topic,
 * partition, offset, headers and original bytes), and the channel goes on;</li>
 * <li>a transient failure (database, broker, timeout) is retried with backoff and no limit: the record's partition
 * waits (records after it are not handled meanwhile) and readiness is down ({@link ConsumerReadiness}); it is never
 * dead-lettered;</li>
 * <li>any other handler failure is tried {@code metagov.consumer.handler-attempts} times, then dead-lettered.</li>
 * </ul>
 * Consumers call {@link #handle} (blocking handlers, on worker threads) or {@link #handleAsync} (reactive ones).
 */
@ApplicationScoped
public class RecordFailurePolicy {

    /** A handler of one record; may throw anything. */
    @FunctionalInterface
    public interface Handler {
        void handle() throws Exception;
    }

    private final DeadLetterPublisher deadLetters;
    private final ConsumerPolicyConfig config;
    private final Backoff backoff;
    /** Partitions waiting on a transient failure, with its reason: readiness is down while any is here. */
    private final Map<String, String> retrying = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public RecordFailurePolicy(DeadLetterPublisher deadLetters, ConsumerPolicyConfig config) {
        this.deadLetters = deadLetters;
        this.config = config;
        this.backoff = new Backoff(config.retryDelay(), 2.0, config.maxRetryDelay(), 0.2, config.maxRetryDelay());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true; // a retry loop must not keep a stopping service alive
    }

    /** Handles one record on the calling (worker) thread; returns once it is handled or dead-lettered. */
    public void handle(ConsumerRecord<?, ?> record, Handler handler) throws InterruptedException {
        int handlerFailures = 0;
        int transientFailures = 0;
        while (true) {
            Throwable failure;
            try {
                handler.handle();
                recovered(record);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failure = e;
            }
            Decision decision = decide(record, failure, handlerFailures + 1, transientFailures + 1);
            switch (decision) {
                case DEAD_LETTER -> {
                    deadLetter(record, failure, handlerFailures + transientFailures + 1);
                    return;
                }
                case RETRY_TRANSIENT -> Thread.sleep(backoff.delay(++transientFailures, null).toMillis());
                case RETRY_HANDLER -> Thread.sleep(backoff.delay(++handlerFailures, null).toMillis());
            }
        }
    }

    /** The reactive form: the returned Uni completes once the record is handled or dead-lettered. */
    public Uni<Void> handleAsync(ConsumerRecord<?, ?> record, Supplier<Uni<Void>> handler) {
        return attempt(record, handler, 0, 0);
    }

    private Uni<Void> attempt(ConsumerRecord<?, ?> record, Supplier<Uni<Void>> handler, int handlerFailures,
            int transientFailures) {
        return Uni.createFrom().<Void>deferred(() -> safely(handler))
                .invoke(() -> recovered(record))
                .onFailure().recoverWithUni(failure -> {
                    Decision decision = decide(record, failure, handlerFailures + 1, transientFailures + 1);
                    return switch (decision) {
                        case DEAD_LETTER -> Uni.createFrom().<Void>item(() -> {
                            try {
                                deadLetter(record, failure, handlerFailures + transientFailures + 1);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                            return null;
                        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                        case RETRY_TRANSIENT -> Uni.createFrom().voidItem()
                                .onItem().delayIt().by(backoff.delay(transientFailures + 1, null))
                                .flatMap(x -> attempt(record, handler, handlerFailures, transientFailures + 1));
                        case RETRY_HANDLER -> Uni.createFrom().voidItem()
                                .onItem().delayIt().by(backoff.delay(handlerFailures + 1, null))
                                .flatMap(x -> attempt(record, handler, handlerFailures + 1, transientFailures));
                    };
                });
    }

    /** A handler that throws instead of returning a failed Uni is treated alike. */
    private static Uni<Void> safely(Supplier<Uni<Void>> handler) {
        try {
            return handler.get();
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** Partition -> reason, for readiness. */
    public Map<String, String> retrying() {
        return Map.copyOf(retrying);
    }

    private enum Decision {
        DEAD_LETTER, RETRY_TRANSIENT, RETRY_HANDLER
    }

    private Decision decide(ConsumerRecord<?, ?> record, Throwable failure, int handlerAttempt, int transientAttempt) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        KafkaFailures.Kind kind = KafkaFailures.classify(failure);
        String reason = KafkaFailures.reason(failure);
        switch (kind) {
            case INVALID:
                return Decision.DEAD_LETTER;
            case TRANSIENT:
                if (stopping) {
                    throw new IllegalStateException("stopping while " + where + " waits: " + reason, failure);
                }
                retrying.put(record.topic() + "-" + record.partition(), reason);
                if (transientAttempt == 1 || transientAttempt % 20 == 0) {
                    Log.warnf("%s: transient failure (try %d), retrying without limit: %s", where, transientAttempt,
                            reason);
                }
                return Decision.RETRY_TRANSIENT;
            default:
                if (handlerAttempt >= config.handlerAttempts()) {
                    return Decision.DEAD_LETTER;
                }
                Log.warnf("%s: handler failed (try %d of %d): %s", where, handlerAttempt, config.handlerAttempts(),
                        reason);
                return Decision.RETRY_HANDLER;
        }
    }

    private void deadLetter(ConsumerRecord<?, ?> record, Throwable failure, int attempts) throws InterruptedException {
        String reason = KafkaFailures.reason(failure);
        for (int publishFailures = 1;; publishFailures++) {
            try {
                deadLetters.publish(record, reason, attempts, Map.of());
                recovered(record);
                Log.errorf("%s-%d@%d moved to its dead-letter topic after %d tries: %s", record.topic(),
                        record.partition(), record.offset(), attempts, reason);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // the broker is unwell: the record waits (never dropped) as for any transient failure
                if (stopping) {
                    throw new IllegalStateException("stopping before a dead letter was written", e);
                }
                retrying.put(record.topic() + "-" + record.partition(), "dead-letter topic: " + e.getMessage());
                Thread.sleep(backoff.delay(publishFailures, null).toMillis());
            }
        }
    }

    private void recovered(ConsumerRecord<?, ?> record) {
        if (!retrying.isEmpty()) {
            retrying.remove(record.topic() + "-" + record.partition());
        }
    }
}
