package org.metagov.metastore.storage.git;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.jgit.lib.BatchRefUpdate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.Author;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.Tag;

/** Annotated tags of one dataset repository. */
final class GitTags {

    private GitTags() {
    }

    static Tag create(Repository repo, DatasetId id, String name, String revision, String description, Author tagger)
            throws IOException {
        String refName = Constants.R_TAGS + name;
        if (repo.exactRef(refName) != null) {
            throw tagExists(id, name);
        }
        ObjectId target;
        try (RevWalk walk = new RevWalk(repo)) {
            target = GitTrees.parseCommit(walk, id, GitTrees.resolve(repo, id, revision)).getId();
        }
        ObjectId tag = writeTag(repo, name, target, GitTrees.ident(tagger, Instant.now()), description);
        RefUpdate update = repo.updateRef(refName);
        update.setExpectedOldObjectId(ObjectId.zeroId());
        update.setNewObjectId(tag);
        update.disableRefLog();
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW) {
            if (repo.exactRef(refName) != null) {
                throw tagExists(id, name); // created by a concurrent request
            }
            throw new IOException("Creating " + refName + " failed: " + result);
        }
        return get(repo, id, name);
    }

    static List<Tag> list(Repository repo) throws IOException {
        List<Tag> tags = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                tags.add(toTag(walk, ref));
            }
        }
        tags.sort(Comparator.comparing(Tag::name));
        return tags;
    }

    static Tag get(Repository repo, DatasetId id, String name) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return toTag(walk, existing(repo, id, name));
        }
    }

    /** Caller holds the dataset's tag lock; the ref updates still check expected values. */
    static Tag update(Repository repo, DatasetId id, String name, String newName, String newDescription)
            throws IOException {
        Ref old = existing(repo, id, name);
        PersonIdent tagger;
        Tag current;
        ObjectId target;
        try (RevWalk walk = new RevWalk(repo)) {
            current = toTag(walk, old);
            RevObject object = walk.parseAny(old.getObjectId());
            tagger = object instanceof RevTag tag && tag.getTaggerIdent() != null ? tag.getTaggerIdent()
                    : GitTrees.ident(new Author("metastore", ""), current.created());
            target = walk.peel(object).getId();
        }
        String name2 = newName == null ? name : newName;
        String description2 = newDescription == null ? current.description() : newDescription;
        if (name2.equals(name) && description2.equals(current.description())) {
            throw MetastoreException.badRequest("Nothing to change: tag '" + name + "' already has this name and "
                    + "description");
        }
        ObjectId replacement = writeTag(repo, name2, target, tagger, description2);
        if (name2.equals(name)) {
            RefUpdate update = repo.updateRef(old.getName());
            update.setExpectedOldObjectId(old.getObjectId());
            update.setNewObjectId(replacement);
            update.setForceUpdate(true); // tag objects are never fast-forwards of each other
            update.disableRefLog();
            if (update.update() != RefUpdate.Result.FORCED) {
                throw MetastoreException.conflict("Tag '" + name + "' was changed concurrently; retry");
            }
        } else {
            rename(repo, id, old, name2, replacement);
        }
        return get(repo, id, name2);
    }

    /** Creates the new ref and deletes the old one in one atomic ref transaction. */
    private static void rename(Repository repo, DatasetId id, Ref old, String newName, ObjectId replacement)
            throws IOException {
        String newRef = Constants.R_TAGS + newName;
        if (repo.exactRef(newRef) != null) {
            throw tagExists(id, newName);
        }
        BatchRefUpdate batch = repo.getRefDatabase().newBatchUpdate();
        batch.setAtomic(true);
        batch.setAllowNonFastForwards(true);
        batch.disableRefLog();
        batch.addCommand(new ReceiveCommand(ObjectId.zeroId(), replacement, newRef, ReceiveCommand.Type.CREATE),
                new ReceiveCommand(old.getObjectId(), ObjectId.zeroId(), old.getName(), ReceiveCommand.Type.DELETE));
        try (RevWalk walk = new RevWalk(repo)) {
            batch.execute(walk, NullProgressMonitor.INSTANCE);
        }
        for (ReceiveCommand command : batch.getCommands()) {
            if (command.getResult() != ReceiveCommand.Result.OK) {
                if (repo.exactRef(newRef) != null) {
                    throw tagExists(id, newName);
                }
                throw MetastoreException.conflict("Tag '" + Repository.shortenRefName(old.getName())
                        + "' was changed concurrently; retry (" + command.getResult() + ")");
            }
        }
    }

    static void delete(Repository repo, DatasetId id, String name) throws IOException {
        Ref ref = existing(repo, id, name);
        RefUpdate update = repo.updateRef(ref.getName());
        update.setExpectedOldObjectId(ref.getObjectId());
        update.setForceUpdate(true);
        update.disableRefLog();
        RefUpdate.Result result = update.delete();
        if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
            if (repo.exactRef(ref.getName()) == null) {
                throw NotFound.tag(id, name);
            }
            throw MetastoreException.conflict("Tag '" + name + "' was changed concurrently; retry");
        }
    }

    private static Ref existing(Repository repo, DatasetId id, String name) throws IOException {
        Ref ref = repo.exactRef(Constants.R_TAGS + name);
        if (ref == null) {
            throw NotFound.tag(id, name);
        }
        return ref;
    }

    private static ObjectId writeTag(Repository repo, String name, ObjectId commit, PersonIdent tagger,
            String description) throws IOException {
        TagBuilder tag = new TagBuilder();
        tag.setTag(name);
        tag.setObjectId(commit, Constants.OBJ_COMMIT);
        tag.setTagger(tagger);
        tag.setMessage(description);
        return GitTrees.racingTheRepacker(() -> {
            try (ObjectInserter inserter = repo.newObjectInserter()) {
                ObjectId id = inserter.insert(tag);
                inserter.flush();
                return id;
            }
        });
    }

    /** Annotated tags as written by us; lightweight tags (pushed by hand) are reported with their commit's date. */
    private static Tag toTag(RevWalk walk, Ref ref) throws IOException {
        String name = Repository.shortenRefName(ref.getName());
        RevObject object = walk.parseAny(ref.getObjectId());
        if (object instanceof RevTag tag) {
            RevObject target = walk.peel(tag);
            PersonIdent tagger = tag.getTaggerIdent();
            Author author = tagger == null ? null : new Author(tagger.getName(), tagger.getEmailAddress());
            return new Tag(name, target.name(), tagger == null ? null : tagger.getWhenAsInstant(), author,
                    tag.getFullMessage());
        }
        RevCommit commit = walk.parseCommit(object);
        return new Tag(name, commit.name(), commit.getAuthorIdent().getWhenAsInstant(), null, "");
    }

    private static MetastoreException tagExists(DatasetId id, String name) {
        return MetastoreException.conflict("Dataset " + id + " already has a tag '" + name + "'");
    }
}
