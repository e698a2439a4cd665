package org.metagov.community.messaging;

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
 * Publishes outbox rows in id order and deletes them once Kafka acknowledged them. Rows are locked with SKIP LOCKED,
 * so several replicas never send the same row at once; a crash between send and delete re-sends, which consumers
 * tolerate (records carry a version).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final int BATCH = 100;

    private final Pool pool;
    private final MutinyEmitter<Record<String, String>> communities;
    private final AtomicBoolean running = new AtomicBoolean();

    public OutboxRelay(Pool pool, @Channel("communities-out") MutinyEmitter<Record<String, String>> communities) {
        this.pool = pool;
        this.communities = communities;
    }

    /** Called after a commit so a change is published at once rather than at the next tick. */
    public void kick() {
        relay().subscribe().with(x -> {
        }, e -> Log.debugf("outbox relay will retry: %s", e.getMessage()));
    }

    @Scheduled(every = "${metagov.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class) // channels are wired during startup
    Uni<Void> tick() {
        return relay().onFailure().invoke(e -> Log.warnf("outbox relay failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    Uni<Void> relay() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT id, record_key, payload FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(BATCH))
                .flatMap(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<Long> ids = batch.stream().map(r -> r.getLong("id")).toList();
                    // one after the other: the order of records for a key is the order of the changes
                    return Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndConcatenate(r -> communities.send(
                                    Record.of(r.getString("record_key"), r.getString("payload"))))
                            .collect().last()
                            .flatMap(x -> conn.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids.toArray(new Long[0]))))
                            .replaceWithVoid();
                }))
                .eventually(() -> running.set(false));
    }
}
