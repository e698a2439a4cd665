package org.metagov.metastore.storage.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.metagov.metastore.storage.DatasetId;

/**
 * Open repositories, least recently used evicted beyond {@code capacity}. Opening one reads its config and ref files,
 * so reuse matters; but an open repository holds pack indexes and file handles, so thousands of them must not pile
 * up. Uses JGit's own use count: {@link #acquire} adds a user, the caller's {@code close()} removes it, and eviction
 * removes the cache's own; the repository is really closed when the last one is gone, so eviction never closes a
 * repository another thread is still reading.
 */
final class RepositoryCache implements AutoCloseable {

    private final int capacity;
    private final Function<DatasetId, Path> directories;
    private final LinkedHashMap<DatasetId, Repository> open = new LinkedHashMap<>(64, 0.75f, true);

    RepositoryCache(int capacity, Function<DatasetId, Path> directories) {
        this.capacity = Math.max(1, capacity);
        this.directories = directories;
    }

    /** The dataset's repository with one more user (close it after use), or null if it does not exist. */
    Repository acquire(DatasetId id) throws IOException {
        Path dir = directories.apply(id);
        if (!Files.isDirectory(dir.resolve("objects"))) {
            return null;
        }
        List<Repository> evicted = new ArrayList<>();
        Repository repo;
        synchronized (this) {
            repo = open.get(id);
            if (repo == null) {
                repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
                open.put(id, repo);
                for (Iterator<Map.Entry<DatasetId, Repository>> it = open.entrySet().iterator();
                        open.size() > capacity && it.hasNext();) {
                    evicted.add(it.next().getValue());
                    it.remove();
                }
            }
            repo.incrementOpen();
        }
        evicted.forEach(Repository::close);
        return repo;
    }

    /** Drops the dataset's repository (purged): closed once its current users are done. */
    void forget(DatasetId id) {
        Repository repo;
        synchronized (this) {
            repo = open.remove(id);
        }
        if (repo != null) {
            repo.close();
        }
    }

    synchronized int size() {
        return open.size();
    }

    @Override
    public void close() {
        List<Repository> all;
        synchronized (this) {
            all = new ArrayList<>(open.values());
            open.clear();
        }
        all.forEach(Repository::close);
    }
}
