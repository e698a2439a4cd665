package org.metagov.metastore.storage.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metagov.metastore.storage.DatasetId;

/** At most {@code capacity} repositories stay open; one evicted while in use keeps working for its user. */
class RepositoryCacheTest {

    @TempDir
    Path dir;

    @Test
    void evictsTheLeastRecentlyUsedButNeverUnderAUser() throws Exception {
        for (int i = 0; i < 5; i++) {
            org.eclipse.jgit.api.Git.init().setBare(true).setGitDir(dir.resolve("d" + i + ".git").toFile()).call()
                    .close();
        }
        try (RepositoryCache cache = new RepositoryCache(2, id -> dir.resolve(id.name() + ".git"))) {
            Repository held = cache.acquire(new DatasetId("o", "d0"));
            for (int i = 1; i < 5; i++) {
                try (Repository repo = cache.acquire(new DatasetId("o", "d" + i))) {
                    assertNotNull(repo);
                }
                assertTrue(cache.size() <= 2, "cache size " + cache.size());
            }
            // d0 was evicted while held: still usable until its user closes it
            assertNull(held.exactRef("refs/heads/main"));
            assertTrue(held.getObjectDatabase().exists());
            held.close();
            assertNull(cache.acquire(new DatasetId("o", "missing")));
            assertEquals(2, cache.size());
        }
    }
}
