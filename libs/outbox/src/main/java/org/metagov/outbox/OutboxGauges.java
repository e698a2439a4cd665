package org.metagov.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.core.Vertx;

import org.jboss.logging.Logger;

/**
 * {@code metagov_outbox_backlog{outbox}}, {@code metagov_outbox_oldest_age_seconds{outbox}} and
 * {@code metagov_outbox_dead_letters{outbox}} of one relay's table, read every {@code interval} (a gauge cannot
 * wait for a query); a failed read keeps the last values. Every replica reads the same table: take the max.
 */
public final class OutboxGauges {

    private static final Logger LOG = Logger.getLogger(OutboxGauges.class);

    private final OutboxRelay relay;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAge = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    private OutboxGauges(OutboxRelay relay) {
        this.relay = relay;
    }

    /** Registers the gauges and reads them every {@code interval} from now on. */
    public static OutboxGauges register(MeterRegistry registry, OutboxRelay relay, Vertx vertx, Duration interval) {
        OutboxGauges gauges = new OutboxGauges(relay);
        Gauge.builder("metagov.outbox.backlog", gauges.backlog, AtomicLong::get)
                .description("Rows in the outbox not yet acknowledged by Kafka (held rows included)")
                .tag("outbox", relay.table()).register(registry);
        Gauge.builder("metagov.outbox.oldest.age", gauges.oldestAge, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest row in the outbox").tag("outbox", relay.table()).register(registry);
        Gauge.builder("metagov.outbox.dead.letters", gauges.deadLetters, AtomicLong::get)
                .description("Rows in the outbox's dead-letter table, waiting for an operator")
                .tag("outbox", relay.table()).register(registry);
        vertx.setPeriodic(interval.toMillis(), id -> gauges.read());
        gauges.read();
        return gauges;
    }

    private void read() {
        relay.backlogAndOldestAge().subscribe().with(values -> {
            backlog.set(values[0]);
            oldestAge.set(values[1]);
        }, e -> LOG.debugf("outbox %s gauges not read: %s", relay.table(), e.getMessage()));
        relay.deadLetterCount().subscribe().with(deadLetters::set,
                e -> LOG.debugf("outbox %s dead letters not counted: %s", relay.table(), e.getMessage()));
    }
}
