package org.metagov.runner.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes process updates from the outbox in id order, keyed by process id, and deletes them once Kafka
 * acknowledged them. SKIP LOCKED keeps replicas from sending the same rows; a crash between send and delete
 * re-sends, which process-service ignores (it applies only newer versions).
 */
@ApplicationScoped
public class ProcessUpdateRelay {

    private static final int BATCH = 200;

    private final Pool pool;
    private final MutinyEmitter<Record<String, String>> updates;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public ProcessUpdateRelay(Pool pool, @Channel("process-updates-out") MutinyEmitter<Record<String, String>> updates) {
        this.pool = pool;
        this.updates = updates;
    }

    /** Called after a commit so the update leaves at once rather than at the next tick. */
    public void kick() {
        relay().subscribe().with(x -> {
        }, e -> Log.debugf("process update relay will retry: %s", e.getMessage()));
    }

    @Scheduled(every = "${runner.processes.relay-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class) // channels are wired during startup
    Uni<Void> tick() {
        return relay().onFailure().invoke(e -> Log.warnf("process update relay failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    Uni<Void> relay() {
        if (!running.compareAndSet(false, true)) {
            again.set(true); // a kick during a run: run once more, so no committed row waits for the tick
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT id, record_key, payload FROM process_update_outbox ORDER BY id LIMIT $1 "
                        + "FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(BATCH))
                .flatMap(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Long[] ids = batch.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
                    // sent together, acknowledged together: the producer keeps the order per partition
                    return Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndMerge(r -> updates.send(
                                    Record.of(r.getString("record_key"), r.getString("payload"))))
                            .collect().last()
                            .flatMap(x -> conn.preparedQuery("DELETE FROM process_update_outbox WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids)))
                            .replaceWithVoid();
                }))
                .eventually(() -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        kick();
                    }
                });
    }
}
