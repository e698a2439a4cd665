package org.metagov.metastore.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.metastore.auth.Action;
import org.metagov.metastore.auth.Caller;
import org.metagov.metastore.config.MetastoreConfig;
import org.metagov.metastore.error.MergeConflictException;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.feed.ChangeEvent;
import org.metagov.metastore.feed.ChangeFeed;
import org.metagov.metastore.storage.Branch;
import org.metagov.metastore.storage.DatasetFiles;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.Revision;
import org.metagov.metastore.storage.Snapshot;
import org.metagov.metastore.storage.StorageBackend;

/**
 * Branches (reading needs {@code read}, creating and deleting {@code update}) and merges ({@code merge}). A branch
 * and a tag never share a name, so a ref always names one thing.
 */
@ApplicationScoped
public class BranchService {

    private final StorageBackend backend;
    private final ChangeFeed feed;
    private final DatasetService datasets;
    private final ObjectMapper mapper;
    private final MetastoreConfig config;

    public BranchService(StorageBackend backend, ChangeFeed feed, DatasetService datasets, ObjectMapper mapper,
            MetastoreConfig config) {
        this.backend = backend;
        this.feed = feed;
        this.datasets = datasets;
        this.mapper = mapper;
        this.config = config;
    }

    public Views.BranchList list(Caller caller, DatasetId id) {
        caller.require(id, Action.READ);
        return new Views.BranchList(backend.branches(id));
    }

    public Branch get(Caller caller, DatasetId id, String name) {
        caller.require(id, Action.READ);
        return new Branch(name, backend.head(id, known(id, name)));
    }

    public Branch create(Caller caller, DatasetId id, String name, String from) {
        Names.branchName(name);
        String start = Names.ref(from, "from");
        caller.require(id, Action.UPDATE);
        if (tagExists(id, name)) {
            throw MetastoreException.conflict("Dataset " + id + " has a tag '" + name + "': a branch and a tag "
                    + "cannot share a name");
        }
        String revision = backend.resolve(id, start);
        return feed.record(id, ChangeEvent.BRANCH, caller, () -> backend.createBranch(id, name, revision),
                branch -> ChangeEvent.about(name, branch.revision(), "Created branch " + name,
                        Map.of("action", "create", "from", start == null ? StorageBackend.MAIN : start)));
    }

    public void delete(Caller caller, DatasetId id, String name) {
        caller.require(id, Action.UPDATE);
        String branch = known(id, name);
        if (StorageBackend.MAIN.equals(branch)) {
            throw MetastoreException.conflict("Branch 'main' is the default branch and cannot be deleted");
        }
        String head = backend.head(id, branch);
        feed.record(id, ChangeEvent.BRANCH, caller, () -> {
            backend.deleteBranch(id, branch);
            return head;
        }, last -> ChangeEvent.about(branch, last, "Deleted branch " + branch, Map.of("action", "delete")));
    }

    /**
     * Merges {@code from} (a branch or any ref) into branch {@code into}: up to date, fast-forward, or a three-way
     * merge of the datapackages committed with both heads as parents. Conflicts are a 409 and write nothing unless
     * a strategy resolves them. {@code If-Match} guards the head of {@code into}.
     */
    public Views.Merge merge(Caller caller, DatasetId id, String from, String into, String message, String strategy,
            String ifMatch) {
        if (from == null || from.isBlank()) {
            throw MetastoreException.badRequest("'from' (the branch or ref to merge) is required");
        }
        String source = Names.ref(from, "from");
        String target = Names.branch(into);
        ThreeWayMerge.Strategy resolve = strategy(strategy);
        Preconditions.IfMatch precondition = Preconditions.ifMatch(ifMatch);
        caller.require(id, Action.MERGE);
        String ours = backend.head(id, target);
        if (!precondition.matches(ours)) {
            throw MetastoreException.stale(precondition.describe(), ours);
        }
        String theirs = backend.resolve(id, source);
        String base = ours.equals(theirs) ? ours : backend.mergeBase(id, ours, theirs);
        Map<String, String> detail = Map.of("from", source, "into", target, "fromRevision", theirs);
        String text = message == null || message.isBlank() ? "Merge " + source + " into " + target : message;
        if (theirs.equals(base)) {
            return new Views.Merge("up-to-date", target, source, base, datasets.at(id, target));
        }
        if (ours.equals(base)) {
            Revision moved = feed.publish(id, target, ChangeEvent.MERGE, caller, detail,
                    hook -> backend.fastForward(id, target, ours, theirs, hook));
            datasets.counted("merge");
            return new Views.Merge("fast-forward", target, source, base,
                    datasets.at(id, moved.id()));
        }
        ObjectNode baseContent = base == null ? JsonNodeFactory.instance.objectNode()
                : datasets.parse(backend.read(id, base));
        Snapshot ourSnapshot = backend.read(id, ours);
        ThreeWayMerge.Result result = ThreeWayMerge.merge(baseContent, datasets.parse(ourSnapshot),
                datasets.parse(backend.read(id, theirs)), resolve);
        if (!result.conflicts().isEmpty() && resolve == ThreeWayMerge.Strategy.NONE) {
            List<String> details = new ArrayList<>();
            result.conflicts().forEach(conflict -> details.add(conflict.path()));
            throw new MergeConflictException("Both sides changed the same places; nothing was written. Resolve "
                    + "them, or merge again with \"strategy\": \"ours\" or \"theirs\"", details, result.conflicts());
        }
        DatasetFiles files = DatasetFiles.of(result.merged(), config.lfsServerUrl(), mapper);
        Revision merged = feed.publish(id, target, ChangeEvent.MERGE, caller, detail,
                hook -> backend.commit(id, target, files, caller.author(), text, List.of(ours, theirs), hook));
        datasets.counted("merge");
        return new Views.Merge("merged", target, source, base,
                new Views.Dataset(id.toString(), id.owner(), id.name(), merged, result.merged()));
    }

    private static ThreeWayMerge.Strategy strategy(String strategy) {
        if (strategy == null || strategy.isBlank()) {
            return ThreeWayMerge.Strategy.NONE;
        }
        return switch (strategy.toLowerCase(Locale.ROOT)) {
            case "ours" -> ThreeWayMerge.Strategy.OURS;
            case "theirs" -> ThreeWayMerge.Strategy.THEIRS;
            default -> throw MetastoreException.badRequest("strategy must be \"ours\" or \"theirs\" (or left out), got "
                    + Names.quote(strategy));
        };
    }

    boolean tagExists(DatasetId id, String name) {
        try {
            backend.tag(id, name);
            return true;
        } catch (MetastoreException e) {
            if (NotFound.TAG.equals(e.code())) {
                return false;
            }
            throw e;
        }
    }

    boolean branchExists(DatasetId id, String name) {
        try {
            backend.head(id, name);
            return true;
        } catch (MetastoreException e) {
            if (NotFound.BRANCH.equals(e.code())) {
                return false;
            }
            throw e;
        }
    }

    /** A name that cannot be a branch cannot name an existing one either: 404, like any missing branch. */
    private static String known(DatasetId id, String name) {
        try {
            return Names.branchName(name);
        } catch (MetastoreException e) {
            throw NotFound.branch(id, name);
        }
    }
}
