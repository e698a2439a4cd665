import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * MetaStore scale bench (not a test), run by bench/metastore/scale.sh. Modes:
 * <ul>
 * <li>{@code seed DATA_DIR COUNT}: writes COUNT datasets straight into a data directory, as the git backend lays
 * them out (one bare repository each, one commit on main), so that 100,000 of them take minutes, not hours;</li>
 * <li>{@code search URL TOKEN COUNT}: search latencies over HTTP (a rare word, a common word, deep pages, filters);</li>
 * <li>{@code touch URL TOKEN COUNT PID}: reads and updates COUNT datasets, printing the service's RSS as it goes.</li>
 * </ul>
 */
public class Scale {

    static final String[] WORDS = ("rainfall river temperature census budget election school hospital traffic "
            + "transport energy water forest soil air quality housing income health crime population birth "
            + "mortality tourism trade export import farm crop fish ocean coast mountain city village road rail "
            + "airport port industry mining climate wind solar waste recycling library museum park sport").split(" ");
    static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\":\"([a-z0-9./-]+)\",\"owner\"");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "seed" -> seed(Path.of(args[1]), Integer.parseInt(args[2]));
            case "search" -> {
                base = args[1];
                token = args[2];
                search(Integer.parseInt(args[3]));
            }
            case "touch" -> {
                base = args[1];
                token = args[2];
                touch(Integer.parseInt(args[3]), Long.parseLong(args[4]));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static String owner(int i) {
        return "org" + (i % 10);
    }

    static String datapackage(int i) {
        Random random = new Random(i);
        String a = WORDS[random.nextInt(WORDS.length)];
        String b = WORDS[random.nextInt(WORDS.length)];
        String k1 = WORDS[random.nextInt(WORDS.length)];
        String k2 = WORDS[random.nextInt(WORDS.length)];
        return "{\n  \"name\" : \"d" + i + "\",\n  \"title\" : \"" + a + " " + b + " " + i + "\",\n"
                + "  \"description\" : \"About " + a + " in region u" + i + "\",\n"
                + "  \"keywords\" : [ \"" + k1 + "\", \"" + k2 + "\" ],\n"
                + "  \"resources\" : [ { \"name\" : \"data\", \"path\" : \"https://example.org/d" + i + ".csv\" } ]\n}\n";
    }

    static void seed(Path dataDir, int count) throws Exception {
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            jobs.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    seedOne(dataDir.resolve("datasets").resolve(owner(i)).resolve("d" + i + ".git"), datapackage(i));
                }
                return null;
            }));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
        pool.shutdown();
        Files.createDirectories(dataDir.resolve("tmp"));
        System.out.printf(Locale.ROOT, "seeded %d datasets in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    static void seedOne(Path dir, String json) throws IOException {
        Files.createDirectories(dir.getParent());
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build()) {
            repo.create(true);
            try (ObjectInserter inserter = repo.newObjectInserter()) {
                DirCache index = DirCache.newInCore();
                DirCacheBuilder builder = index.builder();
                DirCacheEntry entry = new DirCacheEntry("datapackage.json");
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, json.getBytes(StandardCharsets.UTF_8)));
                builder.add(entry);
                builder.finish();
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(index.writeTree(inserter));
                PersonIdent who = new PersonIdent("Seed", "seed@example.org");
                commit.setAuthor(who);
                commit.setCommitter(who);
                commit.setMessage("Create dataset");
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                RefUpdate update = repo.updateRef("refs/heads/main");
                update.setNewObjectId(id);
                update.setExpectedOldObjectId(ObjectId.zeroId());
                update.update();
            }
        }
    }

    static void search(int count) throws Exception {
        Random random = new Random(42);
        String common = WORDS[3];
        // warm-up
        for (int i = 0; i < 200; i++) {
            get("/api/datasets?q=" + WORDS[i % WORDS.length] + "&limit=20");
        }
        long[] rare = new long[300];
        for (int i = 0; i < rare.length; i++) {
            int n = random.nextInt(count);
            long t = System.nanoTime();
            String body = get("/api/datasets?q=u" + n);
            rare[i] = System.nanoTime() - t;
            if (!body.contains("\"" + owner(n) + "/d" + n + "\"")) {
                throw new IllegalStateException("q=u" + n + " did not find " + owner(n) + "/d" + n + ": " + body);
            }
        }
        report("q=<rare word> (1 hit), limit=20", rare);
        long[] first = new long[300];
        int found = 0;
        for (int i = 0; i < first.length; i++) {
            String word = WORDS[i % WORDS.length];
            long t = System.nanoTime();
            String body = get("/api/datasets?q=" + word + "&limit=20");
            first[i] = System.nanoTime() - t;
            found += count(ID, body);
        }
        report("q=<common word>, first page of 20", first);
        long[] deep = new long[50];
        String cursor = null;
        int pages = 0;
        for (int i = 0; i < deep.length; i++) {
            long t = System.nanoTime();
            String body = get("/api/datasets?q=" + common + "&limit=20"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            deep[i] = System.nanoTime() - t;
            pages++;
            Matcher m = NEXT.matcher(body);
            if (!m.find()) {
                break;
            }
            cursor = m.group(1);
        }
        report("q=" + common + ", pages 1.." + pages + " following next", Arrays.copyOf(deep, pages));
        long[] filtered = new long[300];
        for (int i = 0; i < filtered.length; i++) {
            long t = System.nanoTime();
            get("/api/datasets?q=" + WORDS[i % WORDS.length] + "&owner=" + owner(i) + "&keyword="
                    + WORDS[(i * 7) % WORDS.length] + "&limit=20");
            filtered[i] = System.nanoTime() - t;
        }
        report("q=<word>&owner=&keyword=, limit=20", filtered);
        System.out.printf(Locale.ROOT, "  (%d datasets; %.1f hits per common-word first page)%n", count,
                found / (double) first.length);
    }

    static void touch(int count, long pid) throws Exception {
        long start = System.nanoTime();
        long[] nanos = new long[count];
        System.out.printf(Locale.ROOT, "RSS before touching: %d MiB%n", rss(pid));
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            String path = "/api/datasets/" + owner(i) + "/d" + i;
            get(path);
            send("PATCH", path, "{\"datapackage\":{\"touched\":" + i + "}}", 200);
            nanos[i] = System.nanoTime() - t;
            if ((i + 1) % 2000 == 0) {
                System.out.printf(Locale.ROOT, "  %6d datasets touched: RSS %d MiB%n", i + 1, rss(pid));
            }
        }
        report("GET + PATCH of a different dataset each time", nanos);
        System.out.printf(Locale.ROOT, "touched %d datasets in %.1f s; RSS after: %d MiB%n", count,
                (System.nanoTime() - start) / 1e9, rss(pid));
    }

    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    static String get(String path) throws Exception {
        return send("GET", path, null, 200);
    }

    static String send(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static int count(Pattern pattern, String text) {
        int n = 0;
        for (Matcher m = pattern.matcher(text); m.find();) {
            n++;
        }
        return n;
    }

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-52s p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  (n=%d)%n", what,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6, sorted.length);
    }
}
