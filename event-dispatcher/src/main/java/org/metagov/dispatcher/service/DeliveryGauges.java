package org.metagov.dispatcher.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What waits in the dispatcher's database, read every 10 s (every replica reads the same tables: take the max):
 * {@code metagov_dispatcher_parked_deliveries} (events of failing lanes waiting for their retry),
 * {@code metagov_dispatcher_oldest_parked_age_seconds} and {@code metagov_dispatcher_dead_letters} (given up, kept
 * for an operator's retry).
 */
@ApplicationScoped
public class DeliveryGauges {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Pool db;
    private final Vertx vertx;
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong oldestParked = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    public DeliveryGauges(Pool db, Vertx vertx, MeterRegistry registry) {
        this.db = db;
        this.vertx = vertx;
        Gauge.builder("metagov.dispatcher.parked.deliveries", parked, AtomicLong::get)
                .description("Deliveries parked in PostgreSQL behind a failing receiver").register(registry);
        Gauge.builder("metagov.dispatcher.oldest.parked.age", oldestParked, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest parked delivery (since its event reached Kafka)").register(registry);
        Gauge.builder("metagov.dispatcher.dead.letters", deadLetters, AtomicLong::get)
                .description("Dead letters stored for retry, all subscriptions").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        vertx.setPeriodic(INTERVAL.toMillis(), id -> read());
        read();
    }

    private void read() {
        db.query("SELECT (SELECT count(*) FROM parked_delivery), "
                + "(SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(received_at)), 0)::bigint FROM parked_delivery), "
                + "(SELECT count(*) FROM dead_letter)").execute()
                .subscribe().with(rows -> {
                    var row = rows.iterator().next();
                    parked.set(row.getLong(0));
                    oldestParked.set(row.getLong(1));
                    deadLetters.set(row.getLong(2));
                }, e -> Log.debugf("dispatcher gauges not read: %s", e.getMessage()));
    }
}
