import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.metagov.bench.http.JsonApiClient;
import org.metagov.bench.stats.LatencyHistogram;

/**
 * MetaStore benchmark (not a test). Drives a running metastore-service over HTTP and compares the commit path with
 * JGit directly and with the git command line. Run by bench/metastore/run.sh, which starts the packaged service.
 *
 * Usage: java -cp 'bench/target/bench.jar:bench/target/lib/*:metastore-service/target/quarkus-app/lib/main/*'
 *   bench/metastore/Bench.java BASE_URL TOKEN WORK_DIR   (HTTP client and latency statistics: the bench module's)
 * Sizes come from the environment: REVISIONS (10000), READS (5000), DATASETS (1000), CLI_COMMITS (300),
 * JGIT_COMMITS (REVISIONS), CLIENTS (4), CONCURRENT_WRITES (2000).
 */
public class Bench {

    static final Pattern REVISION = Pattern.compile("\"revision\":\\{\"id\":\"([0-9a-f]{40})\"");
    static final Pattern IDS = Pattern.compile("\"id\":\"([0-9a-f]{40})\"");
    static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]+)\"");

    static String base;
    static String token;
    static JsonApiClient api; // made by the first send, once base and token are known

    public static void main(String[] args) throws Exception {
        base = args[0];
        token = args[1];
        Path work = Path.of(args[2]);
        int revisions = env("REVISIONS", 10_000);
        int reads = env("READS", 5_000);
        int datasets = env("DATASETS", 1_000);
        int cliCommits = env("CLI_COMMITS", 300);
        int jgitCommits = env("JGIT_COMMITS", revisions);
        int clients = env("CLIENTS", 4);
        int concurrentWrites = env("CONCURRENT_WRITES", 2_000);
        String body = datapackage(0);
        System.out.printf(Locale.ROOT, "MetaStore benchmark: %s, %d cores, datapackage ~%d bytes, %s%n", base,
                Runtime.getRuntime().availableProcessors(), body.length(), Instant.now());

        // warm-up (JIT, connection, repository cache)
        check(send("POST", "/api/datasets", "{\"owner\":\"bench\",\"name\":\"warmup\",\"datapackage\":" + body + "}"), 201);
        for (int i = 0; i < 300; i++) {
            check(send("PATCH", "/api/datasets/bench/warmup", "{\"datapackage\":{\"n\":" + i + "}}"), 200);
            check(send("GET", "/api/datasets/bench/warmup", null), 200);
            check(send("GET", "/api/datasets/bench/warmup/revisions?limit=20", null), 200);
        }

        // 1. updates through the API, one client, building a dataset with REVISIONS revisions
        check(send("POST", "/api/datasets", "{\"owner\":\"bench\",\"name\":\"big\",\"datapackage\":" + body + "}"), 201);
        long[] writes = new long[revisions - 1];
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 1; i < revisions; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = check(send("PUT", "/api/datasets/bench/big", "{\"datapackage\":" + datapackage(i)
                    + ",\"message\":\"revision " + i + "\"}"), 200);
            writes[i - 1] = System.nanoTime() - t0;
            if (i % 50 == 0) {
                ids.add(match(REVISION, r.body()));
            }
        }
        report("API update (PUT, 1 client)", writes, System.nanoTime() - start);

        // 1b. concurrent clients, each on its own dataset
        for (int c = 0; c < clients; c++) {
            check(send("POST", "/api/datasets", "{\"owner\":\"bench\",\"name\":\"par-" + c + "\",\"datapackage\":" + body
                    + "}"), 201);
        }
        long[] parallel = new long[concurrentWrites];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (int i = client; i < concurrentWrites; i += clients) {
                    long t0 = System.nanoTime();
                    check(send("PATCH", "/api/datasets/bench/par-" + client, "{\"datapackage\":{\"n\":" + i + "}}"), 200);
                    parallel[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        report("API update (PATCH, " + clients + " clients, 1 dataset each)", parallel, System.nanoTime() - start);

        // 2. reads at a revision
        long[] readTimes = new long[reads];
        start = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            String ref = ids.get(i % ids.size());
            long t0 = System.nanoTime();
            check(send("GET", "/api/datasets/bench/big?ref=" + ref, null), 200);
            readTimes[i] = System.nanoTime() - t0;
        }
        report("API read at a revision (GET ?ref=<id>)", readTimes, System.nanoTime() - start);
        long[] latest = new long[reads];
        start = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            long t0 = System.nanoTime();
            check(send("GET", "/api/datasets/bench/big", null), 200);
            latest[i] = System.nanoTime() - t0;
        }
        report("API read latest (GET)", latest, System.nanoTime() - start);

        // 3. the first page of revisions must not grow with history
        check(send("POST", "/api/datasets", "{\"owner\":\"bench\",\"name\":\"small\",\"datapackage\":" + body + "}"), 201);
        for (int i = 1; i < 10; i++) {
            check(send("PATCH", "/api/datasets/bench/small", "{\"datapackage\":{\"n\":" + i + "}}"), 200);
        }
        for (String dataset : List.of("small", "big")) {
            long[] pages = new long[1000];
            start = System.nanoTime();
            for (int i = 0; i < pages.length; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = check(send("GET", "/api/datasets/bench/" + dataset + "/revisions?limit=20",
                        null), 200);
                pages[i] = System.nanoTime() - t0;
                if (i == 0 && count(IDS, r.body()) < 10) {
                    throw new IllegalStateException("short page: " + r.body());
                }
            }
            report("first revisions page, limit=20, " + (dataset.equals("big") ? revisions : 10) + " revisions",
                    pages, System.nanoTime() - start);
        }
        // walking deep into the history: each page costs the same
        String cursor = null;
        long[] deep = new long[Math.min(250, revisions / 20 - 1)];
        start = System.nanoTime();
        for (int i = 0; i < deep.length; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = check(send("GET", "/api/datasets/bench/big/revisions?limit=20"
                    + (cursor == null ? "" : "&cursor=" + cursor), null), 200);
            deep[i] = System.nanoTime() - t0;
            cursor = match(NEXT, r.body());
        }
        report("revisions pages 1.." + deep.length + " following 'next' (limit=20)", deep, System.nanoTime() - start);

        // 4. the same commit written by JGit directly (what the git backend does per revision)
        Path bare = work.resolve("jgit.git");
        long[] jgit = new long[jgitCommits];
        try (Git git = Git.init().setBare(true).setInitialBranch("main").setGitDir(bare.toFile()).call()) {
            Repository repo = git.getRepository();
            ObjectId parent = ObjectId.zeroId();
            start = System.nanoTime();
            for (int i = 0; i < jgitCommits; i++) {
                long t0 = System.nanoTime();
                parent = jgitCommit(repo, datapackage(i).getBytes(StandardCharsets.UTF_8), "revision " + i, parent);
                jgit[i] = System.nanoTime() - t0;
            }
        }
        long jgitTotal = System.nanoTime() - start;
        report("JGit commit (blob+tree+commit, CAS ref update)", jgit, jgitTotal);

        // 5. the same commit by the git command line (plumbing: hash-object, mktree, commit-tree, update-ref)
        Path cli = work.resolve("cli.git");
        run(work, null, "git", "init", "-q", "--bare", "-b", "main", cli.toString());
        long[] git = new long[cliCommits];
        String head = null;
        start = System.nanoTime();
        for (int i = 0; i < cliCommits; i++) {
            long t0 = System.nanoTime();
            String blob = run(cli, datapackage(i), "git", "hash-object", "-w", "--stdin");
            String tree = run(cli, "100644 blob " + blob + "\tdatapackage.json\n", "git", "mktree");
            String commit = head == null ? run(cli, null, "git", "commit-tree", tree, "-m", "revision " + i)
                    : run(cli, null, "git", "commit-tree", tree, "-p", head, "-m", "revision " + i);
            run(cli, null, "git", "update-ref", "refs/heads/main", commit, head == null ? "" : head);
            head = commit;
            git[i] = System.nanoTime() - t0;
        }
        long gitTotal = System.nanoTime() - start;
        report("git command line commit (4 processes)", git, gitTotal);
        System.out.printf(Locale.ROOT, "  => JGit commits %.1fx as fast as the git command line (throughput), "
                + "%.1fx (median latency)%n", (gitTotal / (double) cliCommits) / (jgitTotal / (double) jgitCommits),
                median(git) / median(jgit));

        // 6. DATASETS datasets: create them, then list them all a page at a time
        long[] creates = new long[datasets];
        start = System.nanoTime();
        for (int i = 0; i < datasets; i++) {
            long t0 = System.nanoTime();
            check(send("POST", "/api/datasets", "{\"owner\":\"many\",\"name\":\"ds-" + String.format("%05d", i)
                    + "\",\"datapackage\":{\"title\":\"Dataset " + i + "\",\"keywords\":[\"k" + (i % 10) + "\"]}}"), 201);
            creates[i] = System.nanoTime() - t0;
        }
        report("API create dataset", creates, System.nanoTime() - start);
        for (int limit : new int[] { 100, 20 }) {
            for (int round = 0; round < 3; round++) {
                start = System.nanoTime();
                int seen = 0;
                int pages = 0;
                cursor = null;
                do {
                    HttpResponse<String> r = check(send("GET", "/api/datasets?owner=many&limit=" + limit
                            + (cursor == null ? "" : "&cursor=" + cursor), null), 200);
                    seen += count(Pattern.compile("\"owner\":\"many\",\"name\""), r.body());
                    pages++;
                    Matcher m = NEXT.matcher(r.body());
                    cursor = m.find() ? m.group(1) : null;
                } while (cursor != null);
                if (seen != datasets) {
                    throw new IllegalStateException("listed " + seen + " of " + datasets);
                }
                System.out.printf(Locale.ROOT, "%-58s %8.1f ms  (%d pages)%n", "list " + datasets + " datasets, limit="
                        + limit + (round == 0 ? " (cold)" : " (warm)"), (System.nanoTime() - start) / 1e6, pages);
            }
        }
        start = System.nanoTime();
        HttpResponse<String> found = check(send("GET", "/api/datasets?q=k7&limit=100", null), 200);
        System.out.printf(Locale.ROOT, "%-58s %8.1f ms  (%d found)%n", "search q=k7 over " + datasets + " datasets",
                (System.nanoTime() - start) / 1e6, count(Pattern.compile("\"owner\":\"many\""), found.body()));
        pool.shutdown();
    }

    static ObjectId jgitCommit(Repository repo, byte[] content, String message, ObjectId parent) throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            DirCacheEntry entry = new DirCacheEntry("datapackage.json");
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, content));
            builder.add(entry);
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (!parent.equals(ObjectId.zeroId())) {
                commit.setParentId(parent);
            }
            PersonIdent who = new PersonIdent("Bench", "bench@example.org", Instant.now(), ZoneOffset.UTC);
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.updateRef("refs/heads/main");
            update.setExpectedOldObjectId(parent);
            update.setNewObjectId(id);
            update.disableRefLog();
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("ref update " + result);
            }
            return id;
        }
    }

    /** A datapackage of realistic size: a title, keywords, and three resources with LFS descriptions. */
    static String datapackage(int n) {
        StringBuilder json = new StringBuilder("{\"name\":\"big\",\"title\":\"Benchmark dataset\",\"version\":\"1.0." + n
                + "\",\"keywords\":[\"bench\",\"metastore\"],\"resources\":[");
        for (int r = 0; r < 3; r++) {
            json.append(r == 0 ? "" : ",").append("{\"name\":\"res-").append(r).append("\",\"path\":\"data/res-")
                    .append(r).append(".csv\",\"sha256\":\"").append(String.format("%064x", n * 3L + r))
                    .append("\",\"bytes\":").append(1000 + n).append(",\"format\":\"csv\"}");
        }
        return json.append("]}").toString();
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        if (api == null) {
            api = new JsonApiClient(base, Duration.ofSeconds(10), Duration.ofSeconds(60),
                    Map.of("Authorization", "Bearer " + token, "Accept", "application/json"));
        }
        return api.send(method, path, body, null);
    }

    static HttpResponse<String> check(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " -> "
                    + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static String run(Path dir, String stdin, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(Arrays.asList(command));
        args.removeIf(String::isEmpty);
        ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_AUTHOR_NAME", "Bench");
        pb.environment().put("GIT_AUTHOR_EMAIL", "bench@example.org");
        pb.environment().put("GIT_COMMITTER_NAME", "Bench");
        pb.environment().put("GIT_COMMITTER_EMAIL", "bench@example.org");
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", args) + ": " + out);
        }
        return out;
    }

    static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(pattern + " not in " + text);
        }
        return m.group(1);
    }

    static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static void report(String what, long[] nanos, long totalNanos) {
        LatencyHistogram latencies = LatencyHistogram.ofNanos(nanos);
        System.out.printf(Locale.ROOT, "%-58s %8.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  (n=%d)%n", what,
                nanos.length / (totalNanos / 1e9), latencies.percentileNanos(0.50) / 1e6,
                latencies.percentileNanos(0.99) / 1e6, nanos.length);
    }

    static double median(long[] nanos) {
        return LatencyHistogram.ofNanos(nanos).percentileNanos(0.50);
    }

    static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }
}
