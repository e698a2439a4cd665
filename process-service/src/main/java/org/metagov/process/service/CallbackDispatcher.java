package org.metagov.process.service;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;

import org.metagov.process.client.CallbackClient;
import org.metagov.process.config.ProcessConfig;
import org.metagov.process.repository.CallbackRepository;
import org.metagov.process.repository.CallbackRepository.Delivery;

/**
 * Sends queued callbacks: at once after the commit that queued them (kick), and on a schedule for retries. A
 * failed attempt is retried with exponential backoff and jitter until {@code max-attempts}; the destination is
 * checked against the allow-list again before every attempt.
 */
@ApplicationScoped
public class CallbackDispatcher {

    private static final int BATCH = 100;
    /** Attempts running at once on this replica; more due rows wait in the table. */
    private static final int MAX_IN_FLIGHT = 256;

    private final Pool pool;
    private final CallbackRepository repository;
    private final CallbackClient client;
    private final CallbackUrlPolicy policy;
    private final ProcessConfig.Callbacks config;
    private final MeterRegistry metrics;
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean again = new AtomicBoolean();

    public CallbackDispatcher(Pool pool, CallbackRepository repository, CallbackClient client,
            CallbackUrlPolicy policy, ProcessConfig config, MeterRegistry metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.repository = repository;
        this.client = client;
        this.policy = policy;
        this.config = config.callbacks();
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
        return Uni.createFrom().item(() -> policy.refusal(d.url()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(refusal -> refusal.isPresent()
                        ? Uni.createFrom().item(new CallbackClient.Result(false, "refused: " + refusal.get()))
                        : client.post(d.url(), d.webhookId(), d.payload()))
                .flatMap(result -> {
                    if (result.ok()) {
                        // the process's next callback (kept in order) may be due now
                        count("delivered");
                        return repository.delivered(pool, d.id()).invoke(this::kick);
                    }
                    if (result.error().startsWith("refused: ") || d.attempts() >= config.maxAttempts()) {
                        Log.warnf("Giving up on callback %s of process %s to %s after %d attempts: %s",
                                d.webhookId(), d.processId(), d.url(), d.attempts(), result.error());
                        count("failed");
                        return repository.failed(pool, d.id(), result.error());
                    }
                    Log.debugf("Callback %s to %s failed (%s); retrying", d.webhookId(), d.url(), result.error());
                    count("retried");
                    return repository.retryLater(pool, d.id(), backoffMillis(d.attempts()), result.error());
                })
                .onFailure().invoke(e -> Log.warnf("Callback %s bookkeeping failed: %s", d.webhookId(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private void count(String outcome) {
        metrics.counter("metagov.process.callbacks", "outcome", outcome).increment();
    }

    /** initial * 2^(attempts-1), capped, with +-20 % jitter so many failed callbacks do not retry in step. */
    long backoffMillis(int attempts) {
        double base = config.initialBackoff().toMillis() * Math.pow(2, Math.min(attempts - 1, 30));
        double capped = Math.min(base, config.maxBackoff().toMillis());
        return Math.round(capped * (0.8 + ThreadLocalRandom.current().nextDouble() * 0.4));
    }
}
