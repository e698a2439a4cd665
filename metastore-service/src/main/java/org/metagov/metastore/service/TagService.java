package org.metagov.metastore.service;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.metastore.auth.Action;
import org.metagov.metastore.auth.Caller;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.feed.ChangeEvent;
import org.metagov.metastore.feed.ChangeFeed;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.StorageBackend;
import org.metagov.metastore.storage.Tag;

/**
 * Tag use cases. Reading tags needs {@code read}; creating, changing and deleting them needs {@code tag}. Every
 * change is recorded in the change feed and the audit log.
 */
@ApplicationScoped
public class TagService {

    private final StorageBackend backend;
    private final ChangeFeed feed;
    private final BranchService branches;

    public TagService(StorageBackend backend, ChangeFeed feed, BranchService branches) {
        this.backend = backend;
        this.feed = feed;
        this.branches = branches;
    }

    /** Tags {@code revision}, or else the head of {@code ?branch=} (main by default). */
    public Tag create(Caller caller, DatasetId id, String branch, String name, String revision, String description) {
        Names.tagName(name);
        String b = Names.branch(branch);
        String target = revision == null || revision.isBlank() ? null : Names.ref(revision, "revision");
        caller.require(id, Action.TAG);
        if (branches.branchExists(id, name)) {
            throw MetastoreException.conflict("Dataset " + id + " has a branch '" + name + "': a branch and a tag "
                    + "cannot share a name");
        }
        String at = target != null ? target : StorageBackend.MAIN.equals(b) ? null : backend.head(id, b);
        return feed.record(id, ChangeEvent.TAG, caller,
                () -> backend.createTag(id, name, at, description == null ? "" : description, caller.author()),
                tag -> ChangeEvent.about(null, tag.revision(), "Tagged " + tag.name(),
                        Map.of("action", "create", "tag", tag.name())));
    }

    public Views.TagList list(Caller caller, DatasetId id) {
        caller.require(id, Action.READ);
        return new Views.TagList(backend.tags(id));
    }

    public Tag get(Caller caller, DatasetId id, String name) {
        caller.require(id, Action.READ);
        return backend.tag(id, known(id, name));
    }

    public Tag update(Caller caller, DatasetId id, String name, String newName, String newDescription) {
        if (newName == null && newDescription == null) {
            throw MetastoreException.badRequest("Nothing to change: give a new 'name' and/or 'description'");
        }
        if (newName != null) {
            Names.tagName(newName);
        }
        caller.require(id, Action.TAG);
        String old = known(id, name);
        if (newName != null && !newName.equals(old) && branches.branchExists(id, newName)) {
            throw MetastoreException.conflict("Dataset " + id + " has a branch '" + newName + "': a branch and a tag "
                    + "cannot share a name");
        }
        return feed.record(id, ChangeEvent.TAG, caller, () -> backend.updateTag(id, old, newName, newDescription),
                tag -> {
                    Map<String, String> detail = new HashMap<>(Map.of("action", "update", "tag", tag.name()));
                    if (!tag.name().equals(old)) {
                        detail.put("previousName", old);
                    }
                    return ChangeEvent.about(null, tag.revision(), "Changed tag " + old, detail);
                });
    }

    public void delete(Caller caller, DatasetId id, String name) {
        caller.require(id, Action.TAG);
        String tag = known(id, name);
        String revision = backend.tag(id, tag).revision();
        feed.record(id, ChangeEvent.TAG, caller, () -> {
            backend.deleteTag(id, tag);
            return revision;
        }, r -> ChangeEvent.about(null, r, "Deleted tag " + tag, Map.of("action", "delete", "tag", tag)));
    }

    /** A name that cannot be a tag cannot name an existing one either: 404, like any missing tag. */
    private static String known(DatasetId id, String name) {
        try {
            return Names.tagName(name);
        } catch (MetastoreException e) {
            throw NotFound.tag(id, name);
        }
    }
}
