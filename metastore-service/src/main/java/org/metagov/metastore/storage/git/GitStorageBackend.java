package org.metagov.metastore.storage.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FileUtils;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.Author;
import org.metagov.metastore.storage.BeforePublish;
import org.metagov.metastore.storage.Branch;
import org.metagov.metastore.storage.DatasetFiles;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.Revision;
import org.metagov.metastore.storage.RevisionPage;
import org.metagov.metastore.storage.Snapshot;
import org.metagov.metastore.storage.StaleRevisionException;
import org.metagov.metastore.storage.StorageBackend;
import org.metagov.metastore.storage.Tag;

import org.jboss.logging.Logger;

/**
 * One bare repository per dataset at {@code <data-dir>/datasets/<owner>/<name>.git}, written with JGit.
 *
 * <p>Atomicity: objects are written first and only become visible when a single ref moves. A dataset
 * is created in a temporary directory and renamed into place (the rename is the commit point and the
 * 409 race arbiter); an update moves {@code refs/heads/main} with an expected old value, which JGit
 * enforces under a lock file, so concurrent writers based on the same revision cannot both win. Branches are
 * {@code refs/heads/*}.
 * Soft delete is the ref {@code refs/metastore/deleted}; purge renames the directory away, then deletes it.
 */
public class GitStorageBackend implements StorageBackend {

    static final String HIDDEN_REF = "refs/metastore/deleted";
    /** A plain logger: this class is also used outside Quarkus (unit tests, tools). */
    private static final Logger LOG = Logger.getLogger(GitStorageBackend.class);

    private final Path datasetsDir;
    private final Path tmpDir;
    private final RepositoryCache repositories;
    /** Latest snapshot per dataset, valid while its commit id is the branch's. */
    private final ConcurrentHashMap<DatasetId, Snapshot> latest = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 20_000;
    /** Tag updates are read-then-write on several refs; serialize them per dataset within this process. */
    private final ReentrantLock[] tagLocks = new ReentrantLock[64];

    private final Repacker repacker;
    private final GitDatasetListing listing;

    public GitStorageBackend(Path dataDir) {
        this(dataDir, 0, 256);
    }

    /**
     * @param repackEvery pack a dataset's loose objects every this many commits to it; 0: never
     * @param openRepositories how many repositories stay open between requests
     */
    public GitStorageBackend(Path dataDir, int repackEvery, int openRepositories) {
        this.datasetsDir = dataDir.resolve("datasets");
        this.repositories = new RepositoryCache(openRepositories, this::repositoryDir);
        this.repacker = new Repacker(repackEvery, repositories);
        this.listing = new GitDatasetListing(datasetsDir, repositories, HIDDEN_REF);
        this.tmpDir = dataDir.resolve("tmp");
        try {
            Files.createDirectories(datasetsDir);
            Files.createDirectories(tmpDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir, e);
        }
        for (int i = 0; i < tagLocks.length; i++) {
            tagLocks[i] = new ReentrantLock();
        }
    }

    Path repositoryDir(DatasetId id) {
        return datasetsDir.resolve(id.owner()).resolve(id.name() + ".git");
    }

    @Override
    public Revision create(DatasetId id, DatasetFiles files, Author author, String message, BeforePublish hook) {
        Path target = repositoryDir(id);
        if (Files.exists(target)) {
            throw alreadyExists(id);
        }
        Path staging = tmpDir.resolve("create-" + UUID.randomUUID() + ".git");
        try {
            Revision revision;
            try (Git git = Git.init().setBare(true).setInitialBranch("main").setGitDir(staging.toFile()).call()) {
                Repository repo = git.getRepository();
                ObjectId commit = GitTrees.writeCommit(repo, files, author, message, List.of());
                GitTrees.moveBranch(repo, GitTrees.BRANCH, ObjectId.zeroId(), commit);
                revision = GitTrees.revision(repo, commit);
            }
            hook.written(revision.id()); // the rename below publishes it
            Files.createDirectories(target.getParent());
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (Files.exists(target)) {
                    throw alreadyExists(id); // another request created it between our check and our rename
                }
                throw e;
            }
            return revision;
        } catch (IOException | GitAPIException e) {
            throw new UncheckedIOException(new IOException("Cannot create " + id, e));
        } finally {
            deleteQuietly(staging);
        }
    }

    private static MetastoreException alreadyExists(DatasetId id) {
        return MetastoreException.conflict("Dataset " + id + " already exists (a deleted dataset keeps its id "
                + "until it is purged)");
    }

    /**
     * The latest revision of a dataset is read far more than any other (reads, every write, listings). A commit
     * never changes, so a snapshot cached under its commit id stays right: a hit only costs the ref lookup.
     */
    @Override
    public Snapshot read(DatasetId id, String ref) {
        return withVisible(id, repo -> {
            ObjectId commit = GitTrees.resolve(repo, id, ref);
            Snapshot cached = latest.get(id);
            if (cached != null && cached.revision().id().equals(commit.name())) {
                return cached;
            }
            Snapshot snapshot = GitTrees.snapshot(repo, id, commit);
            if (ref == null) {
                if (latest.size() >= MAX_CACHED) {
                    latest.clear(); // crude bound; the next reads refill it
                }
                latest.put(id, snapshot);
            }
            return snapshot;
        });
    }

    @Override
    public String resolve(DatasetId id, String ref) {
        return withVisible(id, repo -> GitTrees.resolve(repo, id, ref).name());
    }

    @Override
    public Revision commit(DatasetId id, String branch, DatasetFiles files, Author author, String message,
            List<String> parents, BeforePublish hook) {
        return withVisible(id, repo -> {
            GitBranches.head(repo, id, branch); // 404 for a missing branch
            List<ObjectId> parentIds = parents.stream().map(ObjectId::fromString).toList();
            ObjectId commit = GitTrees.racingTheRepacker(() -> GitTrees.writeCommit(repo, files, author, message,
                    parentIds));
            Revision revision = publish(repo, branch, parents.get(0), commit, hook);
            if (StorageBackend.MAIN.equals(branch)) {
                latest.put(id, new Snapshot(id, revision, files.datapackage()));
            }
            repacker.committed(id);
            return revision;
        });
    }

    @Override
    public Revision fastForward(DatasetId id, String branch, String expected, String target, BeforePublish hook) {
        return withVisible(id, repo -> {
            GitBranches.head(repo, id, branch);
            try (RevWalk walk = new RevWalk(repo)) {
                if (!walk.isMergedInto(walk.parseCommit(ObjectId.fromString(expected)),
                        GitTrees.parseCommit(walk, id, ObjectId.fromString(target)))) {
                    throw new IllegalArgumentException(target + " does not descend from " + expected);
                }
            }
            return publish(repo, branch, expected, ObjectId.fromString(target), hook);
        });
    }

    /**
     * Moves the branch from {@code parent} to {@code commit}. LOCK_FAILURE while the branch still points at our
     * parent is a lock held only for a moment (packing refs, or a writer that is about to win or fail): try again;
     * once the branch moved, we lost.
     */
    private Revision publish(Repository repo, String branch, String parent, ObjectId commit, BeforePublish hook)
            throws IOException {
        String ref = GitTrees.branchRef(branch);
        ObjectId expected = ObjectId.fromString(parent);
        hook.written(commit.name());
        RefUpdate.Result result = GitTrees.moveBranch(repo, ref, expected, commit);
        for (int attempt = 1; result == RefUpdate.Result.LOCK_FAILURE && attempt <= LOCK_RETRIES
                && parent.equals(GitTrees.headName(repo, ref)); attempt++) {
            pause();
            result = GitTrees.moveBranch(repo, ref, expected, commit);
        }
        if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.REJECTED) {
            throw new StaleRevisionException(parent, GitTrees.headName(repo, ref));
        }
        return GitTrees.revision(repo, commit);
    }

    @Override
    public void hide(DatasetId id) {
        withVisible(id, repo -> {
            ObjectId head = repo.exactRef(GitTrees.BRANCH).getObjectId();
            RefUpdate.Result result = markHidden(repo, head);
            for (int attempt = 1; result == RefUpdate.Result.LOCK_FAILURE && attempt <= LOCK_RETRIES
                    && repo.exactRef(HIDDEN_REF) == null; attempt++) {
                pause();
                result = markHidden(repo, head);
            }
            if (result != RefUpdate.Result.NEW) {
                throw NotFound.dataset(id); // hidden by a concurrent request
            }
            return null;
        });
    }

    private static RefUpdate.Result markHidden(Repository repo, ObjectId head) throws IOException {
        RefUpdate update = repo.updateRef(HIDDEN_REF);
        update.setExpectedOldObjectId(ObjectId.zeroId());
        update.setNewObjectId(head);
        update.disableRefLog();
        return update.update();
    }

    @Override
    public void purge(DatasetId id) {
        Path dir = repositoryDir(id);
        if (!Files.isDirectory(dir)) {
            throw NotFound.dataset(id);
        }
        Path doomed = tmpDir.resolve("purge-" + UUID.randomUUID() + ".git");
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(dir)) {
                throw NotFound.dataset(id); // purged by a concurrent request
            }
            throw new UncheckedIOException(e);
        }
        latest.remove(id);
        repositories.forget(id);
        repacker.forget(id);
        deleteQuietly(doomed);
    }

    @Override
    public RevisionPage revisions(DatasetId id, String start, int limit) {
        return withVisible(id, repo -> GitTrees.history(repo, id, start, limit));
    }

    /** Lazy: see {@link GitDatasetListing}. */
    @Override
    public Stream<DatasetId> datasets(String owner, DatasetId after) {
        return listing.datasets(owner, after);
    }

    @Override
    public Tag createTag(DatasetId id, String name, String revision, String description, Author tagger) {
        return withVisible(id, repo -> GitTags.create(repo, id, name, revision, description, tagger));
    }

    @Override
    public List<Tag> tags(DatasetId id) {
        return withVisible(id, GitTags::list);
    }

    @Override
    public Tag tag(DatasetId id, String name) {
        return withVisible(id, repo -> GitTags.get(repo, id, name));
    }

    @Override
    public Tag updateTag(DatasetId id, String name, String newName, String newDescription) {
        ReentrantLock lock = tagLocks[Math.floorMod(id.hashCode(), tagLocks.length)];
        lock.lock();
        try {
            return withVisible(id, repo -> GitTags.update(repo, id, name, newName, newDescription));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deleteTag(DatasetId id, String name) {
        withVisible(id, repo -> {
            GitTags.delete(repo, id, name);
            return null;
        });
    }

    @Override
    public String head(DatasetId id, String branch) {
        return withVisible(id, repo -> GitBranches.head(repo, id, branch));
    }

    @Override
    public List<Branch> branches(DatasetId id) {
        return withVisible(id, GitBranches::list);
    }

    @Override
    public Branch createBranch(DatasetId id, String name, String revision) {
        return withVisible(id, repo -> GitBranches.create(repo, id, name, revision));
    }

    @Override
    public void deleteBranch(DatasetId id, String name) {
        withVisible(id, repo -> {
            GitBranches.delete(repo, id, name);
            return null;
        });
    }

    @Override
    public String mergeBase(DatasetId id, String a, String b) {
        return withVisible(id, repo -> GitBranches.mergeBase(repo, id, a, b));
    }

    @Override
    public boolean contains(DatasetId id, String branch, String revision) {
        try (Repository repo = repositories.acquire(id)) {
            return repo != null && GitBranches.contains(repo, branch, revision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} on the dataset's repository, or answers 404 if it is missing or hidden. */
    private <T> T withVisible(DatasetId id, GitWork<T> work) {
        try (Repository repo = repositories.acquire(id)) {
            if (repo == null || repo.exactRef(HIDDEN_REF) != null || repo.exactRef(GitTrees.BRANCH) == null) {
                throw NotFound.dataset(id);
            }
            return work.apply(repo);
        } catch (IOException e) {
            if (!Files.isDirectory(repositoryDir(id))) {
                throw NotFound.dataset(id); // purged while we were reading
            }
            throw new UncheckedIOException(e);
        }
    }

    public void close() {
        repacker.close();
        repositories.close();
    }

    /** Short waits for a ref lock another thread holds; a ref update is a few file operations. */
    private static final int LOCK_RETRIES = 100;

    private static void pause() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("Interrupted waiting for a ref lock"));
        }
    }

    private static void deleteQuietly(Path dir) {
        if (Files.exists(dir)) {
            try {
                FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
            } catch (IOException e) {
                LOG.warnf(e, "Could not delete %s", dir);
            }
        }
    }

    @FunctionalInterface
    interface GitWork<T> {
        T apply(Repository repo) throws IOException;
    }
}
