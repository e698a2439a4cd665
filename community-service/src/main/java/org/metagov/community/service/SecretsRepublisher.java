package org.metagov.community.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import org.metagov.community.messaging.PluginCatalog;

/**
 * Publishes again, sealed under the current key, every community whose last record was not: after migration V7
 * (records written before sealing carried their secrets in clear) and after a key rotation. The compacted
 * communities topic then keeps only sealed records per slug, and compaction removes the clear ones (the catalog's
 * {@code max.compaction.lag.ms} bounds how long that takes). Waits for the plugin catalog, whose schemas say
 * which config properties are secret. It goes on looking every {@code metagov.secrets.republish-interval} (a
 * one-row query), so what a replica still on the old key wrote during a rolling rotation is sealed again too. Safe
 * with several replicas: each community's re-publish locks its row.
 */
@ApplicationScoped
public class SecretsRepublisher {

    private static final int BATCH = 100;

    private final CommunityService communities;
    private final PluginCatalog catalog;
    private volatile boolean caughtUp;
    private volatile int published;

    public SecretsRepublisher(CommunityService communities, PluginCatalog catalog) {
        this.communities = communities;
        this.catalog = catalog;
    }

    /** True once this replica found no community left to publish under the current key. */
    public boolean caughtUp() {
        return caughtUp;
    }

    @Scheduled(every = "${metagov.secrets.republish-interval:30s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        if (!catalog.caughtUp() || catalog.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return communities.notSealedUnderCurrentKey(BATCH).flatMap(this::publishAll)
                .onFailure().invoke(e -> Log.warnf("Re-publishing communities sealed failed (%s); trying again",
                        e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> publishAll(List<String> slugs) {
        if (slugs.isEmpty()) {
            if (!caughtUp && published > 0) {
                Log.infof("Re-published %d communities with their secrets sealed under the current key", published);
            }
            caughtUp = true;
            return Uni.createFrom().voidItem();
        }
        // one after the other: each is its own short transaction
        return Multi.createFrom().iterable(slugs)
                .onItem().transformToUniAndConcatenate(communities::republish)
                .onItem().invoke(ok -> {
                    if (ok) {
                        published++;
                    }
                })
                .collect().last().replaceWithVoid();
    }
}
