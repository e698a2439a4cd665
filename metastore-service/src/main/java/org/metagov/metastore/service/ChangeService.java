package org.metagov.metastore.service;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.metastore.auth.Action;
import org.metagov.metastore.auth.Caller;
import org.metagov.metastore.feed.ChangeEvent;
import org.metagov.metastore.feed.ChangeFeed;
import org.metagov.metastore.storage.DatasetId;

/** Reading the change feed ({@code read} on each dataset shown) and a dataset's audit log ({@code delete}). */
@ApplicationScoped
public class ChangeService {

    /** A page of the feed looks at no more events than this, however few of them the caller may read. */
    static final int MAX_SCAN = 5_000;
    private static final Pattern SEQUENCE = Pattern.compile("[0-9]{1,18}");

    private final ChangeFeed feed;

    public ChangeService(ChangeFeed feed) {
        this.feed = feed;
    }

    /**
     * Oldest first, after the {@code after} cursor (from the start of the feed without one). {@code next} is never
     * null: it is where the next poll continues, even when this page is empty or short because of the scan bound.
     */
    public Views.Changes changes(Caller caller, String after, String limit) {
        int size = Names.limit(limit);
        String position = Cursors.decode("c", after, SEQUENCE);
        long from = position == null ? 0 : Long.parseLong(position);
        long last = feed.lastSequence();
        List<ChangeEvent> page = feed.after(caller, Math.min(from, last), size, MAX_SCAN);
        long next = page.size() == size ? page.get(page.size() - 1).sequence() : Math.min(last, from + MAX_SCAN);
        return new Views.Changes(page, Cursors.encode("c", Long.toString(Math.max(next, Math.min(from, last)))));
    }

    /** Newest first; kept after a purge (the purge is its last entry). */
    public Views.Changes audit(Caller caller, DatasetId id, String limit, String cursor) {
        int size = Names.limit(limit);
        String position = Cursors.decode("a", cursor, SEQUENCE);
        caller.require(id, Action.DELETE);
        long before = position == null ? 0 : Long.parseLong(position);
        List<ChangeEvent> page = feed.audit(id, before, size + 1);
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            next = Cursors.encode("a", Long.toString(page.get(size - 1).sequence()));
        }
        return new Views.Changes(page, next);
    }
}
