package org.metagov.metastore.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.metagov.metastore.auth.Caller;
import org.metagov.metastore.config.MetastoreConfig;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.BeforePublish;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.Revision;
import org.metagov.metastore.storage.StorageBackend;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * Records every committed change as an event (the change feed, the audit log, webhooks) in a {@link ChangeLog} in
 * the data directory. A revision is recorded in two steps around the moment it is published: an intent before the
 * ref moves, the event after; writes to one dataset hold the dataset's lock across both, so its events are in the
 * order of its history. At start, intents left open by a crash are settled from the refs: published (the event is
 * appended, once) or not (aborted). Created at start, before requests are served.
 */
@Startup
@ApplicationScoped
public class ChangeFeed {

    private final ChangeLog log;
    private final StorageBackend backend;
    private final Instance<ChangeListener> listeners;
    private final ReentrantLock[] locks = new ReentrantLock[256];

    public ChangeFeed(MetastoreConfig config, ObjectMapper mapper, StorageBackend backend,
            Instance<ChangeListener> listeners) {
        this.backend = backend;
        this.listeners = listeners;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        this.log = new ChangeLog(config.dataDir().resolve("changes").resolve("changes.jsonl"), mapper);
        reconcile();
    }

    /** A write that publishes a revision: {@code write} gets the hook the backend calls before the ref moves. */
    public Revision publish(DatasetId id, String branch, String kind, Caller caller, Map<String, String> detail,
            Function<BeforePublish, Revision> write) {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            Long[] intent = new Long[1];
            Instant now = Instant.now();
            BeforePublish hook = revision -> intent[0] = log.intent(new ChangeEvent(0, id.toString(), branch,
                    revision, null, caller.author(), caller.subject(), null, kind, now, detail));
            Revision revision;
            try {
                revision = write.apply(hook);
            } catch (RuntimeException e) {
                if (intent[0] != null) {
                    log.abort(intent[0]);
                }
                throw e;
            }
            notifyListeners(log.append(new ChangeEvent(0, id.toString(), branch, revision.id(), revision.parents(),
                    revision.author(), caller.subject(), revision.message(), kind, now, detail), intent[0]));
            return revision;
        } finally {
            lock.unlock();
        }
    }

    /** A change that adds no revision (tags, branches, delete, purge): {@code change} runs, then it is recorded. */
    public <T> T record(DatasetId id, String kind, Caller caller, Supplier<T> change,
            Function<T, ChangeEvent> describe) {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            T result = change.get();
            ChangeEvent draft = describe.apply(result);
            notifyListeners(log.append(new ChangeEvent(0, id.toString(), draft.branch(), draft.revision(),
                    draft.parents(), caller.author(), caller.subject(), draft.message(), kind, Instant.now(),
                    draft.detail()), null));
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Events after {@code after} (0: from the start) that the caller may read; scans at most {@code scan} events. */
    public List<ChangeEvent> after(Caller caller, long after, int limit, int scan) {
        List<ChangeEvent> page = new ArrayList<>(limit);
        long last = Math.min(log.lastSequence(), after + scan);
        for (long seq = after + 1; seq <= last && page.size() < limit; seq++) {
            ChangeEvent event = log.get(seq);
            if (caller.can(datasetId(event), org.metagov.metastore.auth.Action.READ)) {
                page.add(event);
            }
        }
        return page;
    }

    public long lastSequence() {
        return log.lastSequence();
    }

    /** The dataset's audited events, newest first, starting below {@code before} (exclusive; 0: the newest). */
    public List<ChangeEvent> audit(DatasetId id, long before, int limit) {
        List<Long> sequences = log.audited(id.toString());
        List<ChangeEvent> page = new ArrayList<>(limit);
        for (int i = sequences.size() - 1; i >= 0 && page.size() < limit; i--) {
            if (before == 0 || sequences.get(i) < before) {
                page.add(log.get(sequences.get(i)));
            }
        }
        return page;
    }

    public ChangeEvent get(long sequence) {
        return log.get(sequence);
    }

    /** Settles the intents a crash left open: each published revision gets its event, exactly once. */
    private void reconcile() {
        List<ChangeLog.Intent> open = log.openIntents();
        for (ChangeLog.Intent intent : open) {
            ChangeEvent draft = intent.draft();
            DatasetId id = datasetId(draft);
            boolean published;
            try {
                published = backend.contains(id, draft.branch(), draft.revision());
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot settle the change log: " + id + " is unreadable", e);
            }
            if (!published) {
                log.abort(intent.id());
                continue;
            }
            Revision revision = revisionOrNull(id, draft.revision());
            log.append(new ChangeEvent(0, draft.dataset(), draft.branch(), draft.revision(),
                    revision == null ? List.of() : revision.parents(),
                    revision == null ? draft.author() : revision.author(), draft.subject(),
                    revision == null ? null : revision.message(), draft.kind(), draft.time(), draft.detail()),
                    intent.id());
        }
        if (!open.isEmpty()) {
            Log.infof("Settled %d open change-log intents from the refs", open.size());
        }
    }

    private Revision revisionOrNull(DatasetId id, String revision) {
        try {
            return backend.revisions(id, revision, 1).revisions().get(0);
        } catch (MetastoreException e) {
            return null; // hidden since: the intent's own record has to do
        }
    }

    private void notifyListeners(ChangeEvent event) {
        for (ChangeListener listener : listeners) {
            try {
                listener.recorded(event);
            } catch (RuntimeException e) {
                Log.errorf(e, "A change listener failed on event %d", event.sequence());
            }
        }
    }

    static DatasetId datasetId(ChangeEvent event) {
        int slash = event.dataset().indexOf('/');
        return new DatasetId(event.dataset().substring(0, slash), event.dataset().substring(slash + 1));
    }

    private ReentrantLock lock(DatasetId id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }

    @PreDestroy
    void close() {
        log.close();
    }
}
