package org.metagov.process.service;

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

import org.metagov.process.repository.CallbackRepository;

/**
 * {@code metagov_process_callback_backlog}: callbacks neither delivered nor given up (waiting, in flight or retrying),
 * read every 10 s; every replica reads the same table, take the max.
 */
@ApplicationScoped
public class CallbackGauges {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Pool pool;
    private final Vertx vertx;
    private final CallbackRepository callbacks;
    private final AtomicLong backlog = new AtomicLong();

    public CallbackGauges(Pool pool, Vertx vertx, CallbackRepository callbacks, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.callbacks = callbacks;
        Gauge.builder("metagov.process.callback.backlog", backlog, AtomicLong::get)
                .description("Process callbacks not yet delivered or given up").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        vertx.setPeriodic(INTERVAL.toMillis(), id -> read());
        read();
    }

    private void read() {
        callbacks.backlog(pool).subscribe().with(backlog::set,
                e -> Log.debugf("callback backlog not read: %s", e.getMessage()));
    }
}
