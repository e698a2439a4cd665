package org.metagov.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.metagov.events.KafkaFailures;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one transactional-outbox relay. A service writes its change and an outbox row ({@code id BIGSERIAL,
 * record_key, payload}) in one transaction; this relay sends the rows to Kafka and deletes them once Kafka
 * acknowledged them.
 *
 * <p><b>Order per key, even with several replicas:</b> a run holds a transaction-scoped PostgreSQL advisory lock for
 * its table ({@code pg_advisory_xact_lock}), so one relay of all replicas sends at a time and the others wait for it
 * (then find what it left). Writers of one key serialise on their aggregate's row, so ids per key follow commit
 * order; a run sends rows in id order, one after the other per key (each send awaits its ack before the next of the
 * same key), different keys concurrently. A row of a key whose send failed stops that key for this run: nothing
 * later of the key overtakes it.
 *
 * <p><b>A row that cannot be sent</b> (a permanent producer error: too large, unserialisable) moves to
 * {@code <table>_dead_letter} with its reason, and the service's {@link DeadLetterHandler} marks its aggregate in the
 * same transaction; it decides whether later rows of that key are held (not sent out of order) until an operator
 * deletes the dead letter. Rows of other keys go on, each sent once. Transient failures (broker down, timeouts) leave
 * the row where it is, retried at the next run.
 *
 * <p>A kick during a run makes it run again, and a full batch makes it go on at once, so a committed row never waits
 * for the next tick.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Sends one record; the Uni completes when Kafka acknowledged it. A null payload is a tombstone. */
    @FunctionalInterface
    public interface Sender {
        Uni<Void> send(String key, String payload);
    }

    /**
     * Sends one record as a continuation of the trace its row was written in ({@code traceparent}, null when the
     * write had none): for outbox tables with a {@code traceparent} column.
     */
    @FunctionalInterface
    public interface TracedSender {
        Uni<Void> send(String key, String payload, String traceparent);
    }

    /** Marks the aggregate of a dead-lettered row, inside the relay's transaction. */
    @FunctionalInterface
    public interface DeadLetterHandler {
        /** @return whether later rows of this key are held until an operator deletes the dead letter */
        Uni<Boolean> onDeadLetter(SqlConnection connection, String key, String payload, String reason);
    }

    private final Pool pool;
    private final String table;
    private final int batchSize;
    private final long lockId;
    private final TracedSender sender;
    private final boolean traced;
    private final DeadLetterHandler deadLetters;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile Vertx ticker;
    private volatile long timer = -1;

    public OutboxRelay(Pool pool, String table, int batchSize, Sender sender, DeadLetterHandler deadLetters) {
        this(pool, table, batchSize, (key, payload, traceparent) -> sender.send(key, payload), deadLetters, false);
    }

    /** For a table with a {@code traceparent TEXT} column: each row is sent in the trace that wrote it. */
    public OutboxRelay(Pool pool, String table, int batchSize, TracedSender sender, DeadLetterHandler deadLetters) {
        this(pool, table, batchSize, sender, deadLetters, true);
    }

    private OutboxRelay(Pool pool, String table, int batchSize, TracedSender sender, DeadLetterHandler deadLetters,
            boolean traced) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("outbox table name must be lower-case letters and _");
        }
        this.pool = pool;
        this.table = table;
        this.batchSize = batchSize;
        this.lockId = 0x6d6574616776L ^ table.hashCode(); // stable per table: "metagv" ^ name
        this.sender = sender;
        this.traced = traced;
        this.deadLetters = deadLetters;
    }

    /**
     * Runs every {@code interval} from now on, for rows a kick missed (after a crash or a broker outage). Start it
     * once the application runs: the Kafka emitters are wired only late in a start.
     */
    public void startTicking(Vertx vertx, Duration interval) {
        ticker = vertx;
        timer = vertx.setPeriodic(interval.toMillis(), id -> kick());
    }

    public void stopTicking() {
        if (ticker != null) {
            ticker.cancelTimer(timer);
        }
    }

    /** Runs now (or once more after the run under way); failures are left for the next tick. */
    public void kick() {
        run().subscribe().with(x -> {
        }, e -> LOG.debugf("outbox %s relay will retry: %s", table, e.getMessage()));
    }

    /** One relay run (and more while kicked or the backlog exceeds a batch); for a scheduler's tick. */
    public Uni<Void> run() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        return pool.withTransaction(this::relayBatch)
                .eventually(() -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        kick();
                    }
                });
    }

    /** Rows waiting, held rows included: for a backlog gauge. */
    public Uni<Long> backlog() {
        return pool.query("SELECT count(*) FROM " + table).execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Rows in the dead-letter table: for a gauge and readiness. */
    public Uni<Long> deadLetterCount() {
        return pool.query("SELECT count(*) FROM " + table + "_dead_letter").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Rows waiting and the age in seconds of the oldest (0 when none), for the backlog gauges; the table needs the
     * {@code created_at} column every outbox has.
     */
    public Uni<long[]> backlogAndOldestAge() {
        return pool.query("SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::bigint FROM "
                + table).execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new long[] {row.getLong(0), row.getLong(1)};
                });
    }

    public long sentTotal() {
        return sent.get();
    }

    public long deadLetteredTotal() {
        return deadLettered.get();
    }

    public String table() {
        return table;
    }

    private Uni<Void> relayBatch(SqlConnection conn) {
        return conn.query("SET LOCAL lock_timeout = '10s'").execute()
                .flatMap(x -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(lockId)))
                .flatMap(x -> conn.preparedQuery("SELECT id, record_key, payload"
                        + (traced ? ", traceparent" : "") + " FROM " + table + " o "
                        + "WHERE NOT EXISTS (SELECT 1 FROM " + table + "_dead_letter d "
                        + "WHERE d.record_key = o.record_key AND d.holds_key) ORDER BY id LIMIT $1")
                        .execute(Tuple.of(batchSize)))
                .flatMap(rows -> {
                    Map<String, List<Row>> byKey = new LinkedHashMap<>();
                    int count = 0;
                    for (Row row : rows) {
                        byKey.computeIfAbsent(row.getString("record_key"), k -> new ArrayList<>()).add(row);
                        count++;
                    }
                    if (count == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    if (count == batchSize) {
                        again.set(true); // a backlog: go on without waiting for the tick
                    }
                    Outcomes outcomes = new Outcomes();
                    return Multi.createFrom().iterable(byKey.values())
                            .onItem().transformToUniAndMerge(keyRows -> sendInOrder(keyRows, 0, outcomes))
                            .collect().last()
                            .flatMap(x -> finish(conn, outcomes));
                });
    }

    /** Sends the rows of one key one after the other; the first failure ends the key's run. */
    private Uni<Void> sendInOrder(List<Row> rows, int index, Outcomes outcomes) {
        if (index == rows.size()) {
            return Uni.createFrom().voidItem();
        }
        Row row = rows.get(index);
        String key = row.getString("record_key");
        String payload = row.getString("payload");
        Uni<Void> send;
        try {
            send = sender.send(key, payload, traced ? row.getString("traceparent") : null);
        } catch (RuntimeException e) {
            send = Uni.createFrom().failure(e);
        }
        return send.onItemOrFailure().transformToUni((ok, failure) -> {
            if (failure == null) {
                outcomes.sent.add(row.getLong("id"));
                return sendInOrder(rows, index + 1, outcomes);
            }
            if (KafkaFailures.isPermanentSendFailure(failure)) {
                outcomes.failed.add(new Failed(row.getLong("id"), key, payload, KafkaFailures.reason(failure)));
            } else {
                LOG.debugf("outbox %s: key %s left for the next run: %s", table, key, failure.getMessage());
            }
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> finish(SqlConnection conn, Outcomes outcomes) {
        List<Long> done = new ArrayList<>(outcomes.sent);
        sent.addAndGet(done.size());
        Uni<Void> chain = done.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery("DELETE FROM " + table + " WHERE id = ANY($1)")
                        .execute(Tuple.of(done.toArray(new Long[0]))).replaceWithVoid();
        for (Failed f : outcomes.failed) {
            chain = chain.flatMap(x -> deadLetters.onDeadLetter(conn, f.key(), f.payload(), f.reason()))
                    .flatMap(hold -> conn.preparedQuery("WITH moved AS (DELETE FROM " + table
                            + " WHERE id = $1 RETURNING record_key, payload) INSERT INTO " + table
                            + "_dead_letter (outbox_id, record_key, payload, reason, holds_key) "
                            + "SELECT $1, record_key, payload, $2, $3 FROM moved")
                            .execute(Tuple.of(f.id(), f.reason(), hold)))
                    .invoke(x -> {
                        deadLettered.incrementAndGet();
                        LOG.errorf("outbox %s: row %d of key %s moved to %s_dead_letter: %s", table, f.id(), f.key(),
                                table, f.reason());
                    })
                    .replaceWithVoid();
        }
        return chain;
    }

    private record Failed(long id, String key, String payload, String reason) {
    }

    private static final class Outcomes {
        final ConcurrentLinkedQueue<Long> sent = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Failed> failed = new ConcurrentLinkedQueue<>();
    }
}
