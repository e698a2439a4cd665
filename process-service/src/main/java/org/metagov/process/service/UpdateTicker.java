package org.metagov.process.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import org.metagov.process.config.ProcessConfig;
import org.metagov.process.messaging.CommandRelay;
import org.metagov.process.repository.ProcessRepository;

/**
 * Asks the runner to {@code update} each pending process whose tick is due (seed 001's "pull"). Every replica
 * scans; {@code FOR UPDATE SKIP LOCKED} gives each due process to exactly one of them, and a process with an
 * unanswered update is not due again until the answer came (or the answer timeout passed), so the updates of one
 * process never overlap. The commands go out through the outbox, in the transaction that claimed them.
 */
@ApplicationScoped
public class UpdateTicker {

    private final Pool pool;
    private final ProcessRepository repository;
    private final CommandRelay relay;
    private final ProcessConfig.Updates config;
    private final Counter ticks;

    public UpdateTicker(Pool pool, ProcessRepository repository, CommandRelay relay, ProcessConfig config,
            MeterRegistry metrics) {
        this.ticks = metrics.counter("metagov.process.update.ticks");
        this.pool = pool;
        this.repository = repository;
        this.relay = relay;
        this.config = config.updates();
    }

    @Scheduled(every = "${process.updates.scan-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return claim().onFailure().invoke(e -> Log.warnf("update scan failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Claims the due processes and queues their update commands; returns how many. */
    Uni<Integer> claim() {
        return pool.withTransaction(conn -> repository
                .claimDueUpdates(conn, config.batch(), config.answerTimeout().toMillis())
                .flatMap(commands -> repository.enqueue(conn, commands).replaceWith(commands.size())))
                .invoke(claimed -> {
                    if (claimed > 0) {
                        ticks.increment(claimed);
                        Log.debugf("%d update ticks due", claimed);
                        relay.kick();
                    }
                });
    }
}
