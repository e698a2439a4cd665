package org.metagov.metastore.storage.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.Branch;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.StorageBackend;

/** Branches of one dataset repository ({@code refs/heads/*}) and the ancestry questions a merge asks. */
final class GitBranches {

    private GitBranches() {
    }

    static String head(Repository repo, DatasetId id, String name) throws IOException {
        Ref ref = GitTrees.TAG_NAME.matcher(name).matches() ? repo.exactRef(GitTrees.branchRef(name)) : null;
        if (ref == null) {
            throw NotFound.branch(id, name);
        }
        return ref.getObjectId().name();
    }

    static List<Branch> list(Repository repo) throws IOException {
        List<Branch> branches = new ArrayList<>();
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
            branches.add(new Branch(Repository.shortenRefName(ref.getName()), ref.getObjectId().name()));
        }
        branches.sort(Comparator.comparing(Branch::name));
        return branches;
    }

    static Branch create(Repository repo, DatasetId id, String name, String revision) throws IOException {
        ObjectId target;
        try (RevWalk walk = new RevWalk(repo)) {
            target = GitTrees.parseCommit(walk, id, GitTrees.resolve(repo, id, revision)).getId();
        }
        RefUpdate update = repo.updateRef(GitTrees.branchRef(name));
        update.setExpectedOldObjectId(ObjectId.zeroId());
        update.setNewObjectId(target);
        update.disableRefLog();
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW) {
            if (repo.exactRef(GitTrees.branchRef(name)) != null) {
                throw branchExists(id, name);
            }
            throw new IOException("Creating branch " + name + " failed: " + result);
        }
        return new Branch(name, target.name());
    }

    static void delete(Repository repo, DatasetId id, String name) throws IOException {
        if (StorageBackend.MAIN.equals(name)) {
            throw MetastoreException.conflict("Branch 'main' is the default branch and cannot be deleted");
        }
        head(repo, id, name); // 404 when missing
        Ref ref = repo.exactRef(GitTrees.branchRef(name));
        RefUpdate update = repo.updateRef(ref.getName());
        update.setExpectedOldObjectId(ref.getObjectId());
        update.setForceUpdate(true);
        update.disableRefLog();
        RefUpdate.Result result = update.delete();
        if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
            if (repo.exactRef(ref.getName()) == null) {
                throw NotFound.branch(id, name);
            }
            throw MetastoreException.conflict("Branch '" + name + "' moved while it was being deleted; retry");
        }
    }

    static String mergeBase(Repository repo, DatasetId id, String a, String b) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(GitTrees.parseCommit(walk, id, ObjectId.fromString(a)));
            walk.markStart(GitTrees.parseCommit(walk, id, ObjectId.fromString(b)));
            RevCommit base = walk.next();
            return base == null ? null : base.name();
        }
    }

    static boolean contains(Repository repo, String branch, String revision) throws IOException {
        Ref ref = repo.exactRef(GitTrees.branchRef(branch));
        ObjectId commit = ObjectId.fromString(revision);
        if (ref == null || !repo.getObjectDatabase().has(commit)) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(ref.getObjectId()));
        }
    }

    static MetastoreException branchExists(DatasetId id, String name) {
        return MetastoreException.conflict("Dataset " + id + " already has a branch '" + name + "'");
    }
}
