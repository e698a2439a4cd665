package org.metagov.metastore.storage.git;

import java.io.IOException;
import java.text.ParseException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.jboss.logging.Logger;
import org.metagov.metastore.storage.DatasetId;

/**
 * Each revision adds a handful of loose objects (one file each); thousands of them cost disk blocks, inodes and
 * lookups. Every {@code every} commits to a dataset (by this process) its objects are packed in the background, one
 * repository at a time. Safe alongside writers: GC packs what the refs reach, deletes only loose objects that are now
 * packed (plus unreachable ones older than git's two-week expiry), and ref updates keep their compare-and-swap.
 */
final class Repacker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Repacker.class);

    private final int every;
    private final RepositoryCache repositories;
    private final ConcurrentHashMap<DatasetId, AtomicInteger> commitsSinceRepack = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "metastore-repack");
        thread.setDaemon(true);
        return thread;
    });

    Repacker(int every, RepositoryCache repositories) {
        this.every = every;
        this.repositories = repositories;
    }

    void committed(DatasetId id) {
        if (every <= 0
                || commitsSinceRepack.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet() % every != 0) {
            return;
        }
        worker.execute(() -> pack(id));
    }

    void forget(DatasetId id) {
        commitsSinceRepack.remove(id);
    }

    private void pack(DatasetId id) {
        long start = System.nanoTime();
        try (Repository repo = repositories.acquire(id)) {
            if (repo == null) {
                return; // purged meanwhile
            }
            GC gc = new GC((FileRepository) repo);
            PackConfig pack = new PackConfig(repo);
            // no delta search: it made a pack of 10,000 revisions cost a minute of CPU on a busy 2-core
            // machine; plain zlib'd objects in one pack already remove the cost of tens of thousands of files
            pack.setDeltaCompress(false);
            gc.setPackConfig(pack);
            gc.gc().get();
            LOG.debugf("Packed %s in %d ms", id, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ParseException | ExecutionException | GitAPIException | RuntimeException e) {
            LOG.warnf(e, "Packing the objects of %s failed; it stays readable and will be retried", id);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
