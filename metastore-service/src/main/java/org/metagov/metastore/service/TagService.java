package org.metagov.metastore.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.metastore.auth.Action;
import org.metagov.metastore.auth.Caller;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.StorageBackend;
import org.metagov.metastore.storage.Tag;

/** Tag use cases. Reading tags needs {@code read}; creating, changing and deleting them needs {@code tag}. */
@ApplicationScoped
public class TagService {

    private final StorageBackend backend;

    public TagService(StorageBackend backend) {
        this.backend = backend;
    }

    public Tag create(Caller caller, DatasetId id, String name, String revision, String description) {
        Names.tagName(name);
        String target = revision == null || revision.isBlank() ? null : Names.ref(revision, "revision");
        caller.require(id, Action.TAG);
        return backend.createTag(id, name, target, description == null ? "" : description, caller.author());
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
        return backend.updateTag(id, known(id, name), newName, newDescription);
    }

    public void delete(Caller caller, DatasetId id, String name) {
        caller.require(id, Action.TAG);
        backend.deleteTag(id, known(id, name));
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
