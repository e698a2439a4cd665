package org.metagov.metastore.storage.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.Author;
import org.metagov.metastore.storage.DatasetFiles;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.Revision;
import org.metagov.metastore.storage.RevisionPage;
import org.metagov.metastore.storage.StaleRevisionException;
import org.metagov.metastore.storage.Tag;

/** The git backend directly: compare-and-swap, atomic create, history pages, hide/purge, tags. */
class GitStorageBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Author ALICE = new Author("Alice", "alice@example.org");
    private static final DatasetId ID = new DatasetId("acme", "data");

    @TempDir
    Path dataDir;
    GitStorageBackend backend;

    @BeforeEach
    void open() {
        backend = new GitStorageBackend(dataDir);
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private static DatasetFiles files(String title) {
        ObjectNode pkg = JSON.createObjectNode().put("title", title);
        return DatasetFiles.of(pkg, Optional.empty(), JSON);
    }

    private String title(String ref) throws Exception {
        return JSON.readTree(backend.read(ID, ref).datapackage()).get("title").asText();
    }

    @Test
    void createReadCommitAndHistory() throws Exception {
        Revision r1 = backend.create(ID, files("one"), ALICE, "create");
        Revision r2 = backend.commit(ID, files("two"), new Author("Bob", ""), "update", r1.id());
        assertEquals("two", title(null));
        assertEquals("one", title(r1.id()));
        assertEquals("Bob", backend.read(ID, null).revision().author().name());
        RevisionPage page = backend.revisions(ID, null, 10);
        assertEquals(List.of(r2.id(), r1.id()), page.revisions().stream().map(Revision::id).toList());
        assertEquals(List.of("update", "create"), page.revisions().stream().map(Revision::message).toList());
        assertNull(page.nextStart());
        MetastoreException conflict = assertThrows(MetastoreException.class,
                () -> backend.create(ID, files("again"), ALICE, "create"));
        assertEquals(409, conflict.status());
        assertEquals(404, assertThrows(MetastoreException.class, () -> backend.read(new DatasetId("acme", "none"),
                null)).status());
    }

    @Test
    void aCommitOnAStaleParentIsRefusedAndLeavesNothingVisible() throws Exception {
        Revision r1 = backend.create(ID, files("one"), ALICE, "create");
        Revision r2 = backend.commit(ID, files("two"), ALICE, "update", r1.id());
        StaleRevisionException stale = assertThrows(StaleRevisionException.class,
                () -> backend.commit(ID, files("lost"), ALICE, "late", r1.id()));
        assertEquals("The dataset has changed: the write was based on " + r1.id() + " but the latest revision is "
                + r2.id(), stale.getMessage());
        assertEquals("two", title(null));
        assertEquals(List.of(r2.id(), r1.id()), backend.revisions(ID, null, 10).revisions().stream()
                .map(Revision::id).toList());
    }

    @Test
    void ofTwentyConcurrentCommitsOnTheSameParentExactlyOneWins() throws Exception {
        Revision base = backend.create(ID, files("base"), ALICE, "create");
        List<Boolean> results = race(20, i -> {
            try {
                backend.commit(ID, files("writer " + i), ALICE, "writer " + i, base.id());
                return true;
            } catch (StaleRevisionException e) {
                return false;
            }
        });
        assertEquals(1, results.stream().filter(b -> b).count(), results.toString());
        assertEquals(2, backend.revisions(ID, null, 10).revisions().size());
    }

    @Test
    void ofConcurrentCreatesOfOneIdExactlyOneWinsAndNothingIsLeftBehind() throws Exception {
        List<Boolean> results = race(8, i -> {
            try {
                backend.create(ID, files("creator " + i), ALICE, "create " + i);
                return true;
            } catch (MetastoreException e) {
                assertEquals(409, e.status());
                return false;
            }
        });
        assertEquals(1, results.stream().filter(b -> b).count(), results.toString());
        assertEquals(1, backend.revisions(ID, null, 10).revisions().size());
        try (var tmp = Files.list(dataDir.resolve("tmp"))) {
            assertEquals(List.of(), tmp.toList());
        }
    }

    private interface Attempt {
        boolean run(int index) throws Exception;
    }

    private static List<Boolean> race(int count, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return attempt.run(index);
                }));
            }
            start.countDown();
            List<Boolean> results = new ArrayList<>();
            for (Future<Boolean> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void historyPagesFollowParentsNewestFirst() {
        List<String> ids = new ArrayList<>();
        Revision r = backend.create(ID, files("0"), ALICE, "0");
        ids.add(0, r.id());
        for (int i = 1; i < 25; i++) {
            r = backend.commit(ID, files(Integer.toString(i)), ALICE, Integer.toString(i), r.id());
            ids.add(0, r.id());
        }
        List<String> seen = new ArrayList<>();
        String start = null;
        do {
            RevisionPage page = backend.revisions(ID, start, 7);
            page.revisions().forEach(rev -> seen.add(rev.id()));
            start = page.nextStart();
        } while (start != null);
        assertEquals(ids, seen);
        RevisionPage exact = backend.revisions(ID, ids.get(20), 5);
        assertEquals(ids.subList(20, 25), exact.revisions().stream().map(Revision::id).toList());
        assertNull(exact.nextStart());
    }

    @Test
    void hiddenDatasetsAreMissingButKeepTheirIdUntilPurged() throws Exception {
        Revision r1 = backend.create(ID, files("one"), ALICE, "create");
        backend.create(new DatasetId("acme", "visible"), files("v"), ALICE, "create");
        backend.create(new DatasetId("beta", "x"), files("x"), ALICE, "create");
        backend.create(new DatasetId("acme", "data-2"), files("d"), ALICE, "create");
        assertEquals(List.of(ID, new DatasetId("acme", "data-2"), new DatasetId("acme", "visible"),
                new DatasetId("beta", "x")), backend.datasets(null, null).toList());
        assertEquals(List.of(new DatasetId("acme", "visible"), new DatasetId("beta", "x")),
                backend.datasets(null, new DatasetId("acme", "data-2")).toList());
        assertEquals(List.of(new DatasetId("beta", "x")), backend.datasets(null, new DatasetId("acme", "zzz")).toList());
        backend.hide(ID);
        assertEquals(404, assertThrows(MetastoreException.class, () -> backend.read(ID, null)).status());
        assertEquals(404, assertThrows(MetastoreException.class, () -> backend.hide(ID)).status());
        assertEquals(List.of(new DatasetId("acme", "data-2"), new DatasetId("acme", "visible")),
                backend.datasets("acme", null).toList());
        assertEquals(409, assertThrows(MetastoreException.class, () -> backend.create(ID, files("x"), ALICE, "x"))
                .status());
        backend.purge(ID);
        assertFalse(Files.exists(dataDir.resolve("datasets/acme/data.git")));
        assertEquals(404, assertThrows(MetastoreException.class, () -> backend.purge(ID)).status());
        Revision fresh = backend.create(ID, files("fresh"), ALICE, "create");
        assertEquals("fresh", title(null));
        assertEquals(404, assertThrows(MetastoreException.class, () -> backend.read(ID, r1.id())).status());
        assertEquals(List.of(fresh.id()), backend.revisions(ID, null, 5).revisions().stream().map(Revision::id)
                .toList());
        assertEquals(List.of(), backend.datasets("nobody", null).toList());
    }

    @Test
    void tagsAreAnnotatedAndRenamedAtomically() throws Exception {
        Revision r1 = backend.create(ID, files("one"), ALICE, "create");
        Revision r2 = backend.commit(ID, files("two"), ALICE, "update", r1.id());
        Tag v1 = backend.createTag(ID, "v1", r1.id(), "first", ALICE);
        assertEquals(r1.id(), v1.revision());
        assertEquals("Alice", v1.author().name());
        assertEquals("first", v1.description());
        assertEquals(r2.id(), backend.createTag(ID, "latest", null, "", ALICE).revision());
        assertEquals("one", title("v1"));
        assertEquals(409, assertThrows(MetastoreException.class,
                () -> backend.createTag(ID, "v1", null, "", ALICE)).status());

        Tag renamed = backend.updateTag(ID, "v1", "v1.0", null);
        assertEquals("v1.0", renamed.name());
        assertEquals(r1.id(), renamed.revision());
        assertEquals("first", renamed.description());
        assertEquals(v1.created(), renamed.created());
        assertEquals(List.of("latest", "v1.0"), backend.tags(ID).stream().map(Tag::name).toList());
        assertEquals(409, assertThrows(MetastoreException.class,
                () -> backend.updateTag(ID, "v1.0", "latest", null)).status());
        assertEquals(400, assertThrows(MetastoreException.class,
                () -> backend.updateTag(ID, "v1.0", "v1.0", "first")).status());
        assertEquals("changed", backend.updateTag(ID, "v1.0", null, "changed").description());
        assertEquals(List.of("latest", "v1.0"), backend.tags(ID).stream().map(Tag::name).toList());

        backend.deleteTag(ID, "latest");
        assertEquals(404, assertThrows(MetastoreException.class, () -> backend.tag(ID, "latest")).status());
        assertEquals(404, assertThrows(MetastoreException.class, () -> backend.deleteTag(ID, "latest")).status());
        assertEquals(404, assertThrows(MetastoreException.class,
                () -> backend.createTag(ID, "bad", "0".repeat(40), "", ALICE)).status());
    }

    @Test
    void looseObjectsArePackedInTheBackgroundWhileWritesGoOn() throws Exception {
        backend.close();
        backend = new GitStorageBackend(dataDir, 10, 256);
        Path objects = dataDir.resolve("datasets/acme/data.git/objects");
        List<String> ids = new ArrayList<>();
        Revision r = backend.create(ID, files("0"), ALICE, "0");
        ids.add(0, r.id());
        for (int i = 1; i <= 45; i++) {
            r = backend.commit(ID, files(Integer.toString(i)), ALICE, Integer.toString(i), r.id());
            ids.add(0, r.id());
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> countFiles(objects.resolve("pack"), ".pack") > 0 && looseObjects(objects) < 20);
        assertEquals(ids, backend.revisions(ID, null, 100).revisions().stream().map(Revision::id).toList());
        for (int i = 0; i < ids.size(); i += 9) {
            assertEquals(Integer.toString(45 - i), title(ids.get(i)));
        }
        // the compare-and-swap still holds on packed refs
        String head = ids.get(0);
        List<Boolean> results = race(10, i -> {
            try {
                backend.commit(ID, files("racer " + i), ALICE, "racer", head);
                return true;
            } catch (StaleRevisionException e) {
                return false;
            }
        });
        assertEquals(1, results.stream().filter(b -> b).count());
    }

    private static long countFiles(Path dir, String suffix) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Loose object files; MAX_VALUE while packing removes directories under the walk (asked again later). */
    private static long looseObjects(Path objects) {
        try (var files = Files.walk(objects)) {
            return files.filter(f -> f.getParent().getFileName().toString().matches("[0-9a-f]{2}")).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return Long.MAX_VALUE;
        }
    }

    @Test
    void theRepositoryHoldsExactlyTheDatasetFiles() throws Exception {
        ObjectNode pkg = (ObjectNode) JSON.readTree("{\"resources\":[{\"name\":\"a\",\"path\":\"a.csv\",\"sha256\":\""
                + "f".repeat(64) + "\",\"bytes\":3}]}");
        Revision r1 = backend.create(ID, DatasetFiles.of(pkg, Optional.empty(), JSON), ALICE, "create");
        try (var repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(dataDir.resolve("datasets/acme/data.git").toFile()).build()) {
            var files = org.metagov.metastore.support.GitFiles.at(repo, r1.id());
            assertEquals(List.of(".gitattributes", "a.csv", "datapackage.json"), List.copyOf(files.keySet()));
            assertTrue(files.get("a.csv").startsWith("version https://git-lfs.github.com/spec/v1\n"));
            assertEquals(new String(backend.read(ID, null).datapackage(), StandardCharsets.UTF_8),
                    files.get("datapackage.json"));
        }
    }
}
