package org.metagov.metastore.storage.git;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.ObjectWritingException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.metagov.metastore.storage.Author;
import org.metagov.metastore.storage.DatasetFiles;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.Revision;
import org.metagov.metastore.storage.RevisionPage;
import org.metagov.metastore.storage.Snapshot;

/** Low-level JGit operations on one dataset repository: commits, ref resolution and history. */
final class GitTrees {

    static final String BRANCH = Constants.R_HEADS + "main";
    private static final Pattern REVISION_ID = Pattern.compile("[0-9a-f]{40}");
    /** Same rule the service applies; re-checked here because a ref name becomes a file path in RefDirectory. */
    static final Pattern TAG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    private GitTrees() {
    }

    /** Writes blobs, trees and the commit; nothing is visible until a ref points at the result. */
    /** Object writing that may be repeated. */
    @FunctionalInterface
    interface ObjectWrite {
        ObjectId write() throws IOException;
    }

    private static final int OBJECT_WRITE_ATTEMPTS = 3;

    /**
     * Runs {@code write} again when it raced the background repacker: the repacker deletes a fan-out directory
     * ({@code objects/26/}) once its loose objects are packed, and a writer that made the directory a moment before
     * then fails to rename its object into it ({@code ObjectWritingException}). Objects are content-addressed and no
     * ref moved yet, so writing them again is safe; after a few tries the failure stands.
     */
    static ObjectId racingTheRepacker(ObjectWrite write) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                return write.write();
            } catch (ObjectWritingException e) {
                if (attempt == OBJECT_WRITE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static ObjectId writeCommit(Repository repo, DatasetFiles files, Author author, String message,
            List<ObjectId> parents) throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
                builder.add(entry);
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentIds(parents);
            PersonIdent who = ident(author, Instant.now());
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    static PersonIdent ident(Author author, Instant when) {
        return new PersonIdent(author.name(), author.email(), when, ZoneOffset.UTC);
    }

    static String branchRef(String branch) {
        return Constants.R_HEADS + branch;
    }

    /** Compare-and-swap of a branch; the caller decides what a LOCK_FAILURE means. */
    static RefUpdate.Result moveBranch(Repository repo, String ref, ObjectId expected, ObjectId commit)
            throws IOException {
        RefUpdate update = repo.updateRef(ref);
        update.setExpectedOldObjectId(expected);
        update.setNewObjectId(commit);
        update.disableRefLog();
        RefUpdate.Result result = update.update();
        switch (result) {
            case NEW, FAST_FORWARD, FORCED, LOCK_FAILURE, REJECTED:
                return result;
            default:
                throw new IOException("Updating " + ref + " failed: " + result);
        }
    }

    static String headName(Repository repo, String ref) throws IOException {
        Ref head = repo.exactRef(ref);
        return head == null ? null : head.getObjectId().name();
    }

    /** A revision id, a branch, a tag name, or null for the head of main; always a commit of this repository. */
    static ObjectId resolve(Repository repo, DatasetId id, String ref) throws IOException {
        if (ref == null) {
            return repo.exactRef(BRANCH).getObjectId();
        }
        if (REVISION_ID.matcher(ref).matches()) {
            ObjectId commit = ObjectId.fromString(ref);
            if (!repo.getObjectDatabase().has(commit)) {
                throw NotFound.revision(id, ref);
            }
            return commit;
        }
        if (!TAG_NAME.matcher(ref).matches()) {
            throw NotFound.revision(id, ref);
        }
        Ref branch = repo.exactRef(branchRef(ref));
        if (branch != null) {
            return branch.getObjectId();
        }
        Ref tag = repo.exactRef(Constants.R_TAGS + ref);
        if (tag == null) {
            throw NotFound.revision(id, ref);
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevObject target = walk.peel(walk.parseAny(tag.getObjectId()));
            return target.getId();
        }
    }

    static RevCommit parseCommit(RevWalk walk, DatasetId id, ObjectId commit) throws IOException {
        try {
            return walk.parseCommit(commit);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw NotFound.revision(id, commit.name());
        }
    }

    static Snapshot snapshot(Repository repo, DatasetId id, ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = parseCommit(walk, id, commitId);
            try (TreeWalk tree = TreeWalk.forPath(repo, DatasetFiles.DATAPACKAGE, commit.getTree())) {
                if (tree == null) {
                    throw NotFound.revision(id, commitId.name());
                }
                byte[] datapackage = repo.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes();
                return new Snapshot(id, revision(commit), datapackage);
            }
        }
    }

    static Revision revision(Repository repo, ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return revision(walk.parseCommit(commitId));
        }
    }

    static Revision revision(RevCommit commit) {
        PersonIdent author = commit.getAuthorIdent();
        return new Revision(commit.name(), author.getWhenAsInstant(),
                new Author(author.getName(), author.getEmailAddress()), commit.getFullMessage(),
                java.util.Arrays.stream(commit.getParents()).map(RevCommit::name).toList());
    }

    /**
     * Walks parents from {@code start} without sorting, so JGit parses commits lazily and a page costs
     * {@code limit + 1} commit reads however long the history is.
     */
    static RevisionPage history(Repository repo, DatasetId id, String start, int limit) throws IOException {
        ObjectId from = start == null ? repo.exactRef(BRANCH).getObjectId() : resolve(repo, id, start);
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(parseCommit(walk, id, from));
            List<Revision> page = new ArrayList<>(limit);
            for (RevCommit commit : walk) {
                if (page.size() == limit) {
                    return new RevisionPage(page, commit.name());
                }
                page.add(revision(commit));
            }
            return new RevisionPage(page, null);
        }
    }
}
