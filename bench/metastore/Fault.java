import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MetaStore fault test (not part of verify), run by bench/metastore/fault.sh: writers update a few datasets while the
 * service is killed with SIGKILL (kill -9) at random moments and restarted, ROUNDS times. Then every revision of every
 * dataset's history must appear in the change feed exactly once, in the order of the history. Traffic to 127.0.0.1.
 *
 * Usage: java Fault.java JAR DATA_DIR PORT SECRET TOKEN LOG ROUNDS
 */
public class Fault {

    static final Pattern REVISION_ID = Pattern.compile("\"id\":\"([0-9a-f]{40})\"");
    static final Pattern NEXT = Pattern.compile("\"next\":\"([^\"]+)\"");
    static final Pattern EVENT = Pattern.compile("\\{\"sequence\":(\\d+),\"dataset\":\"([^\"]+)\",\"branch\":\"main\","
            + "\"revision\":\"([0-9a-f]{40})\".*?\"kind\":\"(create|update)\"");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final int DATASETS = 6;
    static final int WRITERS = 4;

    static String jar;
    static Path dataDir;
    static int port;
    static String secret;
    static String token;
    static File log;

    public static void main(String[] args) throws Exception {
        jar = args[0];
        dataDir = Path.of(args[1]);
        port = Integer.parseInt(args[2]);
        secret = args[3];
        token = args[4];
        log = new File(args[5]);
        int rounds = Integer.parseInt(args[6]);
        long started = System.nanoTime();
        Process service = start();
        for (int d = 0; d < DATASETS; d++) {
            int status = send("POST", "/api/datasets", "{\"owner\":\"fault\",\"name\":\"d" + d
                    + "\",\"datapackage\":{\"n\":0}}").statusCode();
            if (status != 201) {
                throw new IllegalStateException("create d" + d + ": " + status);
            }
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                Random random = new Random(writer);
                for (long n = 1; running.get(); n++) {
                    String path = "/api/datasets/fault/d" + random.nextInt(DATASETS);
                    try {
                        HttpResponse<String> r = send("PATCH", path, "{\"datapackage\":{\"w" + writer + "\":" + n + "}}");
                        (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet(); // the service is down or was killed mid-request
                        pause(50);
                    }
                }
            });
            thread.start();
            writers.add(thread);
        }
        Random random = new Random(7);
        long restartNanos = 0;
        for (int round = 1; round <= rounds; round++) {
            pause(1500 + random.nextInt(3000));
            service.destroyForcibly(); // SIGKILL
            service.waitFor();
            long t = System.nanoTime();
            service = start();
            restartNanos += System.nanoTime() - t;
            System.out.printf(Locale.ROOT, "round %2d: killed -9 and restarted; writes so far: %d answered 200, "
                    + "%d failed or cut off%n", round, ok.get(), failed.get());
        }
        running.set(false);
        for (Thread thread : writers) {
            thread.join();
        }
        service.destroyForcibly(); // one more, right after the last writes
        service.waitFor();
        service = start();

        // the histories, oldest first, and the feed's revision events per dataset, in feed order
        Map<String, List<String>> histories = new LinkedHashMap<>();
        for (int d = 0; d < DATASETS; d++) {
            List<String> history = new ArrayList<>();
            String cursor = null;
            do {
                String body = send("GET", "/api/datasets/fault/d" + d + "/revisions?limit=100"
                        + (cursor == null ? "" : "&cursor=" + cursor), null).body();
                for (Matcher m = REVISION_ID.matcher(body); m.find();) {
                    history.add(m.group(1));
                }
                Matcher next = NEXT.matcher(body);
                cursor = next.find() ? next.group(1) : null;
            } while (cursor != null);
            Collections.reverse(history);
            histories.put("fault/d" + d, history);
        }
        Map<String, List<String>> feed = new LinkedHashMap<>();
        histories.keySet().forEach(d -> feed.put(d, new ArrayList<>()));
        String after = null;
        long events = 0;
        long lastSequence = 0;
        boolean sequencesIncrease = true;
        for (;;) {
            String body = send("GET", "/api/changes?limit=100" + (after == null ? "" : "&after=" + after), null).body();
            int found = 0;
            for (Matcher m = EVENT.matcher(body); m.find();) {
                found++;
                long sequence = Long.parseLong(m.group(1));
                sequencesIncrease &= sequence > lastSequence;
                lastSequence = sequence;
                feed.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(m.group(3));
            }
            events += found;
            Matcher next = NEXT.matcher(body);
            String cursor = next.find() ? next.group(1) : null;
            if (!body.contains("\"sequence\"") || cursor == null || cursor.equals(after)) {
                break;
            }
            after = cursor;
        }
        service.destroy();
        service.waitFor();

        long revisions = 0;
        long missing = 0;
        long duplicates = 0;
        long unknown = 0;
        boolean ordered = true;
        for (Map.Entry<String, List<String>> entry : histories.entrySet()) {
            List<String> history = entry.getValue();
            List<String> seen = feed.get(entry.getKey());
            revisions += history.size();
            duplicates += seen.size() - new HashSet<>(seen).size();
            missing += history.stream().filter(r -> !seen.contains(r)).count();
            unknown += seen.stream().filter(r -> !history.contains(r)).count();
            ordered &= history.equals(seen);
        }
        System.out.printf(Locale.ROOT, "%d kill -9 rounds in %.0f s (mean restart %.1f s); writes answered 200: %d, "
                + "failed or cut off by a kill: %d%n", rounds + 1, (System.nanoTime() - started) / 1e9,
                restartNanos / 1e9 / rounds, ok.get(), failed.get());
        System.out.printf(Locale.ROOT, "revisions in the histories: %d; revision events in the feed: %d; missing: %d, "
                + "duplicated: %d, not in a history: %d; per-dataset order equal to history: %s; sequences "
                + "increasing: %s%n", revisions, events, missing, duplicates, unknown, ordered, sequencesIncrease);
        if (missing + duplicates + unknown > 0 || !ordered || !sequencesIncrease || ok.get() == 0) {
            System.out.println("FAULT TEST FAILED");
            System.exit(1);
        }
        System.out.println("FAULT TEST PASSED: every committed revision is in the feed exactly once, in order");
    }

    static Process start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar);
        Map<String, String> env = builder.environment();
        env.put("METASTORE_DATA_DIR", dataDir.toString());
        env.put("METASTORE_JWT_SECRET", secret);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        env.put("QUARKUS_LOG_CATEGORY__ORG_METAGOV__LEVEL", "INFO");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited; see " + log);
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return process;
                }
            } catch (Exception e) {
                // not listening yet
            }
            pause(200);
        }
        throw new IllegalStateException("the service was not ready in 3 minutes");
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
