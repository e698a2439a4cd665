package org.metagov.process.service;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import org.metagov.process.client.CallbackClient;
import org.metagov.process.config.ProcessConfig;
import org.metagov.process.repository.CallbackRepository;
import org.metagov.process.repository.CallbackRepository.Delivery;
import org.metagov.webhooks.Backoff;

/**
 * Sends queued callbacks: at once after the commit that queued them (kick), and on a schedule for retries. A
 * failed attempt is retried with the one {@link Backoff} until {@code max-attempts}; the destination is checked
 * against the address policy again before every attempt (by the client), and a refusal is not retried.
 */
@ApplicationScoped
public class CallbackDispatcher {

    private static final int BATCH = 100;
    /** Attempts running at once on this replica; more due rows wait in the table. */
    private static final int MAX_IN_FLIGHT = 256;

    private final Pool pool;
    private final CallbackRepository repository;
    private final CallbackClient client;
    private final Backoff backoff;
    private final ProcessConfig.Callbacks config;
    private final MeterRegistry metrics;
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean again = new AtomicBoolean();

    public CallbackDispatcher(Pool pool, CallbackRepository repository, CallbackClient client, ProcessConfig config,
            MeterRegistry metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.repository = repository;
        this.client = client;
        this.config = config.callbacks();
        // the one backoff (libs/webhooks): doubling, capped, jitter that only shortens, Retry-After up to its maximum
        this.backoff = new Backoff(this.config.initialBackoff(), 2.0, this.config.maxBackoff(), 0.2,
                this.config.maxRetryAfter());
    }

    public void kick() {
        dispatch().subscribe().with(x -> {
        }, e -> Log.debugf("callback dispatch will retry: %s", e.getMessage()));
    }

    @Scheduled(every = "${process.callbacks.scan-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return dispatch().onFailure().invoke(e -> Log.warnf("callback dispatch failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * Claims due deliveries and starts their attempts without waiting for them: a slow or dead receiver must not
     * hold up the callbacks of other drivers. Claims are leased (SKIP LOCKED), so replicas share the rows.
     */
    Uni<Void> dispatch() {
        if (!claiming.compareAndSet(false, true)) {
            again.set(true); // a kick during a claim: claim once more, so a committed row never waits for the tick
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        int room = MAX_IN_FLIGHT - inFlight.get();
        if (room <= 0) {
            claiming.set(false);
            return Uni.createFrom().voidItem(); // the due rows stay due; the next tick or finished attempt claims them
        }
        return repository.claimDue(pool, Math.min(BATCH, room), leaseMillis())
                .invoke(claimed -> {
                    claimed.forEach(this::send);
                    if (claimed.size() == Math.min(BATCH, room)) {
                        again.set(true); // a backlog: keep claiming
                    }
                })
                .replaceWithVoid()
                .eventually(() -> {
                    claiming.set(false);
                    if (again.getAndSet(false)) {
                        kick();
                    }
                });
    }

    /** How long a claimed delivery is left to its claimer before another replica may take it over. */
    public long leaseMillis() {
        return config.timeout().toMillis() * 2 + 5_000;
    }

    /** Starts an attempt of a delivery claimed by this replica (at once after the commit that queued it). */
    public void send(Delivery d) {
        inFlight.incrementAndGet();
        attempt(d).eventually(inFlight::decrementAndGet).subscribe().with(x -> {
        }, e -> Log.warnf("Callback %s failed unexpectedly: %s", d.webhookId(), e.getMessage()));
    }

    private Uni<Void> attempt(Delivery d) {
        return client.post(d.url(), d.webhookId(), d.payload(), d.driver(), d.traceparent())
                .flatMap(result -> {
                    if (result.ok()) {
                        // the process's next callback (kept in order) may be due now
                        count("delivered");
                        return repository.delivered(pool, d.id()).invoke(this::kick);
                    }
                    if (result.permanent() || d.attempts() >= config.maxAttempts()) {
                        Log.warnf("Giving up on callback %s of process %s to %s after %d attempts: %s",
                                d.webhookId(), d.processId(), d.url(), d.attempts(), result.error());
                        count("failed");
                        return repository.failed(pool, d.id(), result.error());
                    }
                    Log.debugf("Callback %s to %s failed (%s); retrying", d.webhookId(), d.url(), result.error());
                    count("retried");
                    return repository.retryLater(pool, d.id(),
                            backoff.delay(d.attempts(), result.retryAfter()).toMillis(), result.error());
                })
                .onFailure().invoke(e -> Log.warnf("Callback %s bookkeeping failed: %s", d.webhookId(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private void count(String outcome) {
        metrics.counter("metagov.process.callbacks", "outcome", outcome).increment();
    }
}
