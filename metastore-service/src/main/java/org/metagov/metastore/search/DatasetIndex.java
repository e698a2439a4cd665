package org.metagov.metastore.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;
import org.metagov.metastore.config.MetastoreConfig;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.feed.ChangeEvent;
import org.metagov.metastore.feed.ChangeFeed;
import org.metagov.metastore.feed.ChangeListener;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.Snapshot;
import org.metagov.metastore.storage.StorageBackend;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The Lucene index behind {@code q} searches, in {@code <data-dir>/index}: one document per visible dataset (head of
 * main). Kept current from the change feed: every event that moves main re-indexes the dataset, a delete or purge
 * removes it. Changes are searchable at once (near-real-time readers) and committed every few seconds with the
 * feed position they include; at start the events after that position are applied again, so a crash loses nothing.
 * A missing index is rebuilt from the storage at start.
 */
@Startup
@ApplicationScoped
public class DatasetIndex implements ChangeListener {

    static final String SEQUENCE = "sequence";
    /**
     * Events are applied by the threads that recorded them, so an event can be applied after a later one whose
     * position a commit already noted. Replaying this many events before the noted position covers every write that
     * was in flight then (far fewer than this); applying an event twice is harmless (it re-reads the head).
     */
    static final long REPLAY_MARGIN = 1024;

    private final StorageBackend backend;
    private final ObjectMapper mapper;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private volatile long committedChanges;
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "metastore-index-commit");
        thread.setDaemon(true);
        return thread;
    });

    public DatasetIndex(MetastoreConfig config, StorageBackend backend, ChangeFeed feed, ObjectMapper mapper) {
        this.backend = backend;
        this.mapper = mapper;
        Path dir = config.dataDir().resolve("index");
        try {
            FSDirectory directory = FSDirectory.open(dir);
            boolean exists = DirectoryReader.indexExists(directory);
            writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            searchers = new SearcherManager(writer, new SearcherFactory());
            long last = feed.lastSequence();
            if (!exists) {
                rebuild(last);
            } else {
                catchUp(feed, Math.max(0, committedSequence() - REPLAY_MARGIN), last);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the search index in " + dir, e);
        }
        committer.scheduleWithFixedDelay(this::commitQuietly, 5, 5, TimeUnit.SECONDS);
    }

    private long committedSequence() throws IOException {
        for (Map.Entry<String, String> entry : writer.getLiveCommitData()) {
            if (SEQUENCE.equals(entry.getKey())) {
                return Long.parseLong(entry.getValue());
            }
        }
        return 0;
    }

    private void rebuild(long sequence) throws IOException {
        long start = System.nanoTime();
        long count = 0;
        try (Stream<DatasetId> ids = backend.datasets(null, null)) {
            for (Iterator<DatasetId> it = ids.iterator(); it.hasNext();) {
                reindex(it.next());
                count++;
            }
        }
        applied.set(sequence);
        commit();
        Log.infof("Built the search index: %d datasets in %d ms", count, (System.nanoTime() - start) / 1_000_000);
    }

    /** Applies the events the last commit did not include (a crash, or a kill, since). */
    private void catchUp(ChangeFeed feed, long from, long to) throws IOException {
        for (long seq = from + 1; seq <= to; seq++) {
            apply(feed.get(seq));
        }
        applied.set(Math.max(from, to));
        if (to > from) {
            commit();
            Log.infof("Applied %d change(s) to the search index", to - from);
        }
    }

    @Override
    public void recorded(ChangeEvent event) {
        try {
            apply(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        applied.accumulateAndGet(event.sequence(), Math::max);
    }

    private void apply(ChangeEvent event) throws IOException {
        DatasetId id = id(event.dataset());
        switch (event.kind()) {
            case ChangeEvent.DELETE, ChangeEvent.PURGE -> remove(id);
            case ChangeEvent.CREATE, ChangeEvent.UPDATE, ChangeEvent.REVERT, ChangeEvent.MERGE -> {
                if (StorageBackend.MAIN.equals(event.branch())) {
                    reindex(id);
                }
            }
            default -> {
                // tags and branches do not change what is searched
            }
        }
    }

    /** The head of main, as a document; removed when the dataset is gone or hidden. */
    private void reindex(DatasetId id) throws IOException {
        Snapshot snapshot;
        JsonNode datapackage;
        try {
            snapshot = backend.read(id, null);
            datapackage = mapper.readTree(snapshot.datapackage());
        } catch (MetastoreException e) {
            remove(id);
            return;
        }
        Document document = SearchDocuments.of(id, datapackage, snapshot.revision(), mapper);
        writer.updateDocument(new Term(SearchDocuments.ID, id.toString()), document);
        changes.incrementAndGet();
    }

    private void remove(DatasetId id) throws IOException {
        writer.deleteDocuments(new Term(SearchDocuments.ID, id.toString()));
        changes.incrementAndGet();
    }

    /** A searcher that sees every change recorded so far; release it with {@link #release}. */
    IndexSearcher acquire() throws IOException {
        searchers.maybeRefreshBlocking();
        return searchers.acquire();
    }

    void release(IndexSearcher searcher) throws IOException {
        searchers.release(searcher);
    }

    private synchronized void commit() throws IOException {
        long sequence = applied.get();
        long changed = changes.get();
        writer.setLiveCommitData(Map.of(SEQUENCE, Long.toString(sequence)).entrySet());
        writer.commit();
        committedChanges = changed;
    }

    private void commitQuietly() {
        try {
            if (changes.get() != committedChanges) {
                commit();
            }
        } catch (IOException | RuntimeException e) {
            Log.warn("Committing the search index failed; it is retried, and replayed from the feed at start", e);
        }
    }

    private static DatasetId id(String dataset) {
        int slash = dataset.indexOf('/');
        return new DatasetId(dataset.substring(0, slash), dataset.substring(slash + 1));
    }

    @PreDestroy
    void close() {
        committer.shutdownNow();
        try {
            commit();
            searchers.close();
            writer.close();
        } catch (IOException | RuntimeException e) {
            Log.warn("Closing the search index failed; it is replayed from the feed at start", e);
        }
    }
}
