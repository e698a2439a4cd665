package org.metagov.metastore.storage.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.util.FileUtils;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.Author;
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
 * enforces under a lock file, so concurrent writers based on the same revision cannot both win.
 * Soft delete is the ref {@code refs/metastore/deleted}; purge renames the directory away, then deletes it.
 */
public class GitStorageBackend implements StorageBackend {

    static final String HIDDEN_REF = "refs/metastore/deleted";
    /** A plain logger: this class is also used outside Quarkus (unit tests, tools). */
    private static final Logger LOG = Logger.getLogger(GitStorageBackend.class);
    /** Directories that could not have been made by us (e.g. "tmp", "x.git.lock") are never datasets. */
    private static final Pattern DATASET_PART = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final Path datasetsDir;
    private final Path tmpDir;
    /** Open repositories, reused across requests: opening one reads config and ref files from disk. */
    private final ConcurrentHashMap<DatasetId, Repository> open = new ConcurrentHashMap<>();
    /** Latest snapshot per dataset, valid while its commit id is the branch's. */
    private final ConcurrentHashMap<DatasetId, Snapshot> latest = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 20_000;
    /** Tag updates are read-then-write on several refs; serialize them per dataset within this process. */
    private final ReentrantLock[] tagLocks = new ReentrantLock[64];

    /** Every this many commits to one dataset (by this process), its loose objects are packed; 0: never. */
    private final int repackEvery;
    private final ConcurrentHashMap<DatasetId, AtomicInteger> commitsSinceRepack = new ConcurrentHashMap<>();
    private final ExecutorService repacker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "metastore-repack");
        thread.setDaemon(true);
        return thread;
    });

    public GitStorageBackend(Path dataDir) {
        this(dataDir, 0);
    }

    public GitStorageBackend(Path dataDir, int repackEvery) {
        this.repackEvery = repackEvery;
        this.datasetsDir = dataDir.resolve("datasets");
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
    public Revision create(DatasetId id, DatasetFiles files, Author author, String message) {
        Path target = repositoryDir(id);
        if (Files.exists(target)) {
            throw alreadyExists(id);
        }
        Path staging = tmpDir.resolve("create-" + UUID.randomUUID() + ".git");
        try {
            Revision revision;
            try (Git git = Git.init().setBare(true).setInitialBranch("main").setGitDir(staging.toFile()).call()) {
                Repository repo = git.getRepository();
                ObjectId commit = GitTrees.writeCommit(repo, files, author, message, null);
                GitTrees.moveBranch(repo, ObjectId.zeroId(), commit);
                revision = GitTrees.revision(repo, commit);
            }
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
    public Revision commit(DatasetId id, DatasetFiles files, Author author, String message, String parent) {
        return withVisible(id, repo -> {
            ObjectId expected = ObjectId.fromString(parent);
            ObjectId commit = GitTrees.writeCommit(repo, files, author, message, expected);
            RefUpdate.Result result = GitTrees.moveBranch(repo, expected, commit);
            // LOCK_FAILURE while the branch still points at our parent is a lock held only for a moment (packing
            // refs, or a writer that is about to win or fail): try again; once the branch moved, we lost
            for (int attempt = 1; result == RefUpdate.Result.LOCK_FAILURE && attempt <= LOCK_RETRIES
                    && parent.equals(GitTrees.headName(repo)); attempt++) {
                pause();
                result = GitTrees.moveBranch(repo, expected, commit);
            }
            if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.REJECTED) {
                throw new StaleRevisionException(parent, GitTrees.headName(repo));
            }
            Revision revision = GitTrees.revision(repo, commit);
            latest.put(id, new Snapshot(id, revision, files.datapackage()));
            maybeRepack(id, repo);
            return revision;
        });
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
        Repository repo = open.remove(id);
        if (repo != null) {
            repo.close();
        }
        deleteQuietly(doomed);
    }

    @Override
    public RevisionPage revisions(DatasetId id, String start, int limit) {
        return withVisible(id, repo -> GitTrees.history(repo, id, start, limit));
    }

    /**
     * Walks the owner directories and their repositories in order, starting after {@code after}, and checks
     * visibility only for what the caller consumes: a page costs about its size in ref reads.
     */
    @Override
    public Stream<DatasetId> datasets(String owner, DatasetId after) {
        List<DatasetId> candidates = new ArrayList<>(); // directory listings only: cheap
        for (String o : owner != null ? List.of(owner) : sortedNames(datasetsDir, "")) {
            if (after != null && o.compareTo(after.owner()) < 0) {
                continue;
            }
            for (String name : sortedNames(datasetsDir.resolve(o), ".git")) {
                DatasetId id = new DatasetId(o, name);
                if (after == null || ORDER.compare(id, after) > 0) {
                    candidates.add(id);
                }
            }
        }
        return candidates.stream().filter(this::isVisible); // lazily: only what the caller consumes
    }

    /** Names of the entries of {@code dir} that end with {@code suffix}, without it, sorted; none if it is missing. */
    private static List<String> sortedNames(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(suffix) && n.length() > suffix.length())
                    .map(n -> n.substring(0, n.length() - suffix.length()))
                    .filter(n -> DATASET_PART.matcher(n).matches())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isVisible(DatasetId id) {
        try {
            Repository repo = repository(id);
            return repo != null && repo.exactRef(HIDDEN_REF) == null && repo.exactRef(GitTrees.BRANCH) != null;
        } catch (IOException e) {
            LOG.warnf(e, "Skipping unreadable dataset repository %s", id);
            return false;
        }
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

    /** Runs {@code work} on the dataset's repository, or answers 404 if it is missing or hidden. */
    private <T> T withVisible(DatasetId id, GitWork<T> work) {
        Repository repo = repository(id);
        try {
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

    private Repository repository(DatasetId id) {
        Path dir = repositoryDir(id);
        if (!Files.isDirectory(dir.resolve("objects"))) {
            return null;
        }
        return open.computeIfAbsent(id, key -> {
            try {
                return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Each revision adds a handful of loose objects (one file each); thousands of them cost disk blocks, inodes
     * and lookups. Packing runs in the background, one repository at a time, and is safe alongside writers: it
     * packs what the refs reach, deletes only loose objects that are now packed (plus unreachable ones older than
     * git's two-week expiry), and ref updates keep their compare-and-swap.
     */
    private void maybeRepack(DatasetId id, Repository repo) {
        if (repackEvery <= 0
                || commitsSinceRepack.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet() % repackEvery != 0) {
            return;
        }
        repacker.execute(() -> {
            long start = System.nanoTime();
            try {
                GC gc = new GC((FileRepository) repo);
                PackConfig pack = new PackConfig(repo);
                // no delta search: it made a pack of 10,000 revisions cost a minute of CPU on a busy 2-core
                // machine; plain zlib'd objects in one pack already remove the cost of tens of thousands of files
                pack.setDeltaCompress(false);
                gc.setPackConfig(pack);
                gc.gc().get();
                LOG.debugf("Packed %s in %d ms", id, (System.nanoTime() - start) / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | ParseException | ExecutionException | GitAPIException | RuntimeException e) {
                LOG.warnf(e, "Packing the objects of %s failed; it stays readable and will be retried", id);
            }
        });
    }

    public void close() {
        repacker.shutdownNow();
        open.values().forEach(Repository::close);
        open.clear();
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
