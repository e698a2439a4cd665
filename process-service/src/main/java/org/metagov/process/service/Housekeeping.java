package org.metagov.process.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import org.metagov.process.config.ProcessConfig;
import org.metagov.process.repository.ProcessRepository;

/** Keeps the bookkeeping tables small: answered-command markers and finished callbacks expire. */
@ApplicationScoped
public class Housekeeping {

    private final Pool pool;
    private final ProcessRepository repository;
    private final ProcessConfig config;

    public Housekeeping(Pool pool, ProcessRepository repository, ProcessConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return repository.purge(pool, config.retention().toMillis())
                .invoke(n -> Log.debugf("purged %d bookkeeping rows", n))
                .onFailure().invoke(e -> Log.warnf("purge failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
