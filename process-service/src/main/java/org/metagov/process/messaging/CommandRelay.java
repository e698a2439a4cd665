package org.metagov.process.messaging;

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
 * Publishes process commands from the outbox in id order, keyed by process id, and deletes them once Kafka
 * acknowledged them. SKIP LOCKED keeps replicas from sending the same rows; a crash between send and delete
 * re-sends, which the runner ignores (it runs each command id once).
 */
@ApplicationScoped
public class CommandRelay {

    private static final int BATCH = 200;

    private final Pool pool;
    private final MutinyEmitter<Record<String, String>> commands;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public CommandRelay(Pool pool, @Channel("process-commands-out") MutinyEmitter<Record<String, String>> commands) {
        this.pool = pool;
        this.commands = commands;
    }

    /** Called after a commit so the command leaves at once rather than at the next tick. */
    public void kick() {
        relay().subscribe().with(x -> {
        }, e -> Log.debugf("command relay will retry: %s", e.getMessage()));
    }

    // not before the application runs: the Kafka emitter is connected only late in a (slow) start
    @Scheduled(every = "${process.outbox-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return relay().onFailure().invoke(e -> Log.warnf("command relay failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    Uni<Void> relay() {
        if (!running.compareAndSet(false, true)) {
            again.set(true); // a kick during a run: run once more, so a committed row never waits for the tick
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT id, record_key, payload FROM command_outbox ORDER BY id LIMIT $1 "
                        + "FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(BATCH))
                .flatMap(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    if (batch.size() == BATCH) {
                        again.set(true); // a backlog (many due updates): keep going without waiting for the tick
                    }
                    Long[] ids = batch.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
                    // handed to the producer in id order, which keeps the order per partition
                    return Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndMerge(r -> commands.send(
                                    Record.of(r.getString("record_key"), r.getString("payload"))))
                            .collect().last()
                            .flatMap(x -> conn.preparedQuery("DELETE FROM command_outbox WHERE id = ANY($1)")
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
