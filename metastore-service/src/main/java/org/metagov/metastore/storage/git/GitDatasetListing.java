package org.metagov.metastore.storage.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.jgit.lib.Repository;
import org.jboss.logging.Logger;
import org.metagov.metastore.storage.DatasetId;

import static org.metagov.metastore.storage.StorageBackend.ORDER;

/** The visible datasets of a data directory, in owner-then-name order, from directory listings. */
final class GitDatasetListing {

    private static final Logger LOG = Logger.getLogger(GitDatasetListing.class);
    /** Directories that could not have been made by us (e.g. "tmp", "x.git.lock") are never datasets. */
    private static final Pattern DATASET_PART = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final Path datasetsDir;
    private final RepositoryCache repositories;
    private final String hiddenRef;

    GitDatasetListing(Path datasetsDir, RepositoryCache repositories, String hiddenRef) {
        this.datasetsDir = datasetsDir;
        this.repositories = repositories;
        this.hiddenRef = hiddenRef;
    }

    /**
     * Walks the owner directories and their repositories in order, starting after {@code after}, and checks
     * visibility only for what the caller consumes: a page costs about its size in ref reads.
     */
    Stream<DatasetId> datasets(String owner, DatasetId after) {
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
        try (Repository repo = repositories.acquire(id)) {
            return repo != null && repo.exactRef(hiddenRef) == null && repo.exactRef(GitTrees.BRANCH) != null;
        } catch (IOException e) {
            LOG.warnf(e, "Skipping unreadable dataset repository %s", id);
            return false;
        }
    }

}
