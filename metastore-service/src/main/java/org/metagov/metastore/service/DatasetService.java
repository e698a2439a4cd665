package org.metagov.metastore.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.metastore.auth.Action;
import org.metagov.metastore.auth.Caller;
import org.metagov.metastore.config.MetastoreConfig;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.feed.ChangeEvent;
import org.metagov.metastore.feed.ChangeFeed;
import org.metagov.metastore.search.DatasetSearcher;
import org.metagov.metastore.storage.DatasetFiles;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.Revision;
import org.metagov.metastore.storage.RevisionPage;
import org.metagov.metastore.storage.Snapshot;
import org.metagov.metastore.storage.StaleRevisionException;
import org.metagov.metastore.storage.StorageBackend;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Dataset use cases: validation, authorization (scopes), optimistic concurrency, then the storage backend.
 * Order of checks: syntax (400), then scope (403), then existence (404), so a caller without access learns
 * nothing about which datasets exist.
 */
@ApplicationScoped
public class DatasetService {

    /** Without If-Match a lost compare-and-swap is retried on the new latest revision, this many times. */
    private static final int MAX_WRITE_ATTEMPTS = 50;
    private static final Pattern REVISION_POSITION = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern DATASET_POSITION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}/[a-z0-9][a-z0-9._-]{0,99}");

    private final StorageBackend backend;
    private final ObjectMapper mapper;
    private final MetastoreConfig config;
    private final MeterRegistry metrics;
    private final ChangeFeed feed;
    private final DatasetSearcher searcher;

    public DatasetService(StorageBackend backend, ObjectMapper mapper, MetastoreConfig config, MeterRegistry metrics,
            ChangeFeed feed, DatasetSearcher searcher) {
        this.backend = backend;
        this.mapper = mapper;
        this.config = config;
        this.metrics = metrics;
        this.feed = feed;
        this.searcher = searcher;
    }

    public Views.Dataset create(Caller caller, String owner, String name, JsonNode datapackage, String message) {
        DatasetId id = Names.datasetId(owner, name);
        ObjectNode content = requireObject(datapackage, "datapackage");
        caller.require(id, Action.CREATE);
        DatasetFiles files = DatasetFiles.of(content, config.lfsServerUrl(), mapper);
        String text = messageOr(message, "Create dataset " + id);
        Revision revision = feed.publish(id, StorageBackend.MAIN, ChangeEvent.CREATE, caller, null,
                hook -> backend.create(id, files, caller.author(), text, hook));
        counted("create");
        return view(id, revision, content);
    }

    /** At {@code ?ref=} (a revision, branch or tag) or the head of {@code ?branch=}; not both. */
    public Views.Dataset get(Caller caller, DatasetId id, String ref, String branch) {
        String r = Names.refOrBranch(ref, branch);
        caller.require(id, Action.READ);
        return view(backend.read(id, r));
    }

    /** The dataset at a ref, for callers that checked the scope already. */
    Views.Dataset at(DatasetId id, String ref) {
        return view(backend.read(id, ref));
    }

    public Views.Dataset revision(Caller caller, DatasetId id, String revisionId) {
        caller.require(id, Action.READ);
        if (revisionId == null || !Names.REVISION_ID.matcher(revisionId).matches()) {
            throw NotFound.revision(id, revisionId);
        }
        return view(backend.read(id, revisionId.toLowerCase(Locale.ROOT)));
    }

    public Views.Dataset replace(Caller caller, DatasetId id, String branch, JsonNode datapackage, String message,
            String ifMatch) {
        ObjectNode content = requireObject(datapackage, "datapackage");
        Write write = new Write(Names.branch(branch), Preconditions.ifMatch(ifMatch),
                messageOr(message, "Update datapackage"), ChangeEvent.UPDATE);
        caller.require(id, Action.UPDATE);
        return write(caller, id, write, "update", base -> content);
    }

    public Views.Dataset patch(Caller caller, DatasetId id, String branch, JsonNode mergePatch, String message,
            String ifMatch) {
        ObjectNode patch = requireObject(mergePatch, "datapackage (a JSON Merge Patch)");
        Write write = new Write(Names.branch(branch), Preconditions.ifMatch(ifMatch),
                messageOr(message, "Patch datapackage"), ChangeEvent.UPDATE);
        caller.require(id, Action.UPDATE);
        return write(caller, id, write, "patch", base -> (ObjectNode) JsonMergePatch.apply(base, patch));
    }

    public Views.Dataset revert(Caller caller, DatasetId id, String branch, String ref, String message,
            String ifMatch) {
        if (ref == null || ref.isBlank()) {
            throw MetastoreException.badRequest("'ref' (the revision id, branch or tag to revert to) is required");
        }
        String r = Names.ref(ref, "ref");
        Write write = new Write(Names.branch(branch), Preconditions.ifMatch(ifMatch),
                messageOr(message, "Revert to " + r), ChangeEvent.REVERT);
        caller.require(id, Action.UPDATE);
        ObjectNode target = parse(backend.read(id, r));
        return write(caller, id, write, "revert", base -> target);
    }

    public void delete(Caller caller, DatasetId id, boolean purge) {
        caller.require(id, purge ? Action.PURGE : Action.DELETE);
        feed.record(id, purge ? ChangeEvent.PURGE : ChangeEvent.DELETE, caller, () -> {
            if (purge) {
                backend.purge(id);
            } else {
                backend.hide(id);
            }
            return null;
        }, nothing -> ChangeEvent.about(null, null, purge ? "Purged" : "Deleted (history kept)", null));
        counted(purge ? "purge" : "delete");
    }

    public Views.RevisionList revisions(Caller caller, DatasetId id, String branch, String limit, String cursor) {
        int size = Names.limit(limit);
        String start = Cursors.decode("r", cursor, REVISION_POSITION);
        String b = Names.branch(branch);
        caller.require(id, Action.READ);
        if (start == null && !StorageBackend.MAIN.equals(b)) {
            start = backend.head(id, b);
        }
        RevisionPage page;
        try {
            page = backend.revisions(id, start, size);
        } catch (MetastoreException e) {
            if (start != null && NotFound.REVISION.equals(e.code())) {
                throw new MetastoreException(400, "invalid_cursor", "The cursor does not belong to dataset " + id);
            }
            throw e;
        }
        String next = page.nextStart() == null ? null : Cursors.encode("r", page.nextStart());
        return new Views.RevisionList(page.revisions(), next);
    }

    public JsonNode resource(Caller caller, DatasetId id, String resourceName, String ref) {
        String r = Names.ref(ref, "ref");
        caller.require(id, Action.READ);
        Snapshot snapshot = backend.read(id, r);
        for (JsonNode resource : parse(snapshot).path("resources")) {
            if (resource.path("name").isTextual() && resource.get("name").asText().equals(resourceName)) {
                return resource;
            }
        }
        throw new MetastoreException(404, "resource_not_found", "Dataset " + id + " has no resource named "
                + Names.quote(resourceName) + " at revision " + snapshot.revision().id());
    }

    public Views.Diff diff(Caller caller, DatasetId id, String from, String to) {
        Snapshot[] both = diffSides(caller, id, from, to);
        ObjectNode a = parse(both[0]);
        ObjectNode b = parse(both[1]);
        return new Views.Diff(both[0].revision().id(), both[1].revision().id(), JsonDiff.patch(a, b),
                JsonDiff.resources(a, b));
    }

    /** A unified diff of the pretty-printed datapackage.json, as CKAN's activity diff shows it. */
    public String textDiff(Caller caller, DatasetId id, String from, String to) {
        Snapshot[] both = diffSides(caller, id, from, to);
        return TextDiff.unified(DatasetFiles.pretty(parse(both[0]), mapper), DatasetFiles.pretty(parse(both[1]), mapper),
                both[0].revision().id(), both[1].revision().id());
    }

    private Snapshot[] diffSides(Caller caller, DatasetId id, String from, String to) {
        if (from == null || from.isBlank()) {
            throw MetastoreException.badRequest("'from' (a revision id, branch or tag) is required; 'to' defaults "
                    + "to the head of main");
        }
        String f = Names.ref(from, "from");
        String t = Names.ref(to, "to");
        caller.require(id, Action.READ);
        return new Snapshot[] { backend.read(id, f), backend.read(id, t) };
    }

    /**
     * Visible datasets the caller may read. Without {@code q} or {@code keyword}: in id order, straight from the
     * storage. With them: from the search index, best match first (see {@link DatasetSearcher}).
     */
    public Views.DatasetList list(Caller caller, String owner, String q, String keyword, String limit, String cursor) {
        int size = Names.limit(limit);
        if (owner != null && !owner.isBlank()) {
            List<String> problems = new ArrayList<>();
            Names.checkPart("owner", owner, problems);
            if (!problems.isEmpty()) {
                throw new MetastoreException(400, "invalid_name", "Invalid owner", problems);
            }
        } else {
            owner = null;
        }
        String needle = q == null || q.isBlank() ? null : q.trim();
        String tag = keyword == null || keyword.isBlank() ? null : keyword.trim();
        if (needle != null || tag != null) {
            return search(caller, owner, needle, tag, size, cursor);
        }
        String position = Cursors.decode("d", cursor, DATASET_POSITION);
        DatasetId after = position == null ? null : new DatasetId(position.substring(0, position.indexOf('/')),
                position.substring(position.indexOf('/') + 1));
        List<Views.DatasetSummary> page = new ArrayList<>();
        try (Stream<DatasetId> ids = backend.datasets(owner, after)) {
            for (Iterator<DatasetId> it = ids.iterator(); it.hasNext();) {
                DatasetId id = it.next();
                if (!caller.can(id, Action.READ)) {
                    continue;
                }
                Snapshot snapshot;
                try {
                    snapshot = backend.read(id, null);
                } catch (MetastoreException e) {
                    continue; // deleted since it was listed
                }
                if (page.size() == size) {
                    Views.DatasetSummary last = page.get(page.size() - 1);
                    return new Views.DatasetList(page, Cursors.encode("d", last.id()));
                }
                page.add(DatasetSummaries.of(id, parse(snapshot), snapshot.revision()));
            }
        }
        return new Views.DatasetList(page, null);
    }

    private Views.DatasetList search(Caller caller, String owner, String q, String keyword, int size, String cursor) {
        String position = Cursors.decode("s", cursor, DatasetSearcher.POSITION);
        DatasetSearcher.Page page = searcher.search(q, owner, keyword, position, size,
                id -> caller.can(id, Action.READ));
        List<Views.DatasetSummary> summaries = new ArrayList<>();
        for (JsonNode summary : page.summaries()) {
            summaries.add(mapper.convertValue(summary, Views.DatasetSummary.class));
        }
        return new Views.DatasetList(summaries, page.next() == null ? null : Cursors.encode("s", page.next()));
    }

    /** What a write needs besides its change, checked before the scope (syntax first). */
    record Write(String branch, Preconditions.IfMatch precondition, String message, String kind) {
    }

    /**
     * Read the branch's head, check If-Match, compute the new datapackage and compare-and-swap it in.
     * With If-Match, a lost race is the client's 412; without, the change is re-applied to the new head.
     */
    private Views.Dataset write(Caller caller, DatasetId id, Write write, String operation,
            UnaryOperator<ObjectNode> change) {
        String ref = StorageBackend.MAIN.equals(write.branch()) ? null : write.branch();
        if (ref != null) {
            backend.head(id, write.branch()); // 404 for a missing branch, before anything else
        }
        for (int attempt = 1;; attempt++) {
            Snapshot base = backend.read(id, ref);
            String latest = base.revision().id();
            if (!write.precondition().matches(latest)) {
                throw MetastoreException.stale(write.precondition().describe(), latest);
            }
            ObjectNode next = requireObject(change.apply(parse(base)), "datapackage");
            DatasetFiles files = DatasetFiles.of(next, config.lfsServerUrl(), mapper);
            try {
                Revision revision = feed.publish(id, write.branch(), write.kind(), caller, null,
                        hook -> backend.commit(id, write.branch(), files, caller.author(), write.message(),
                                List.of(latest), hook));
                counted(operation);
                return view(id, revision, next);
            } catch (StaleRevisionException e) {
                if (write.precondition().specific() || attempt >= MAX_WRITE_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10) * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetastoreException(503, "unavailable", "Interrupted while retrying a concurrent write");
        }
    }

    static ObjectNode requireObject(JsonNode node, String what) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw MetastoreException.invalid("invalid_datapackage", "'" + what + "' is required");
        }
        if (!node.isObject()) {
            throw MetastoreException.invalid("invalid_datapackage", "'" + what + "' must be a JSON object, got "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return (ObjectNode) node;
    }

    private static String messageOr(String message, String fallback) {
        return message == null || message.isBlank() ? fallback : message;
    }

    private Views.Dataset view(Snapshot snapshot) {
        return view(snapshot.id(), snapshot.revision(), parse(snapshot));
    }

    private static Views.Dataset view(DatasetId id, Revision revision, JsonNode datapackage) {
        return new Views.Dataset(id.toString(), id.owner(), id.name(), revision, datapackage);
    }

    public ObjectNode parse(Snapshot snapshot) {
        try {
            JsonNode node = mapper.readTree(snapshot.datapackage());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("datapackage.json of " + snapshot.id() + "@" + snapshot.revision().id()
                + " is not a JSON object");
    }

    void counted(String operation) {
        metrics.counter("metastore.writes", "operation", operation, "backend", config.backend().name()).increment();
    }
}
