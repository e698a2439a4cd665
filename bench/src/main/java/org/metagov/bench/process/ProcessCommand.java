package org.metagov.bench.process;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.metagov.bench.cli.Options;
import org.metagov.bench.cpu.ProcStat;
import org.metagov.bench.http.JsonApiClient;
import org.metagov.bench.stats.LatencyHistogram;

/**
 * The command {@code process}: governance processes through a running stack (not a test). Run by
 * bench/process/run.sh; options as name=value (gateway, pg, callbacks, warmup, pending, idle-seconds, process-pid,
 * runner-pid, community).
 *
 * <ol>
 * <li>Callback latency: processes with a callback_url complete (half closed by DELETE, half on their own after a
 * short delay); for each, the time from completion to the callback arriving at a local receiver. "Completion" is
 * read from the databases: when plugin-runner stored the completed process (process_instance.updated_at), and when
 * process-service stored it (process.completed_at, the start of that transaction).</li>
 * <li>Idle cost: CPU of process-service and plugin-runner over a window with no pending processes, then with N
 * pending processes being ticked (update every interval), and the tick rate seen in the database.</li>
 * </ol>
 */
public final class ProcessCommand {
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    static JsonApiClient gateway;
    static String community;
    static final Map<String, Instant> completedCallbacks = new ConcurrentHashMap<>();
    static final AtomicInteger closeTimeouts = new AtomicInteger();

    private ProcessCommand() {
    }

    /** Exit code 0, or 1 (with the stack trace) when anything failed. */
    public static int run(Options opts) {
        try {
            measure(opts);
            return 0;
        } catch (Throwable e) {
            e.printStackTrace();
            return 1; // BenchMain exits: the receiver's threads would keep the JVM (and run.sh's stack) alive
        }
    }

    static void measure(Options opts) throws Exception {
        String gatewayUrl = opts.str("gateway", "http://localhost:8080");
        gateway = new JsonApiClient(gatewayUrl, Duration.ofSeconds(5), Duration.ofSeconds(30), Map.of());
        String pg = opts.str("pg", "localhost:55432");
        int callbacks = opts.integer("callbacks", 200);
        int warmup = opts.integer("warmup", 50);
        int pending = opts.integer("pending", 10000);
        int idleSeconds = opts.integer("idle-seconds", 60);
        int processPid = opts.integer("process-pid", 0);
        int runnerPid = opts.integer("runner-pid", 0);
        community = opts.str("community", "bench-" + Long.toHexString(System.nanoTime()));

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/callback", exchange -> {
            Instant at = Instant.now();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            if ("completed".equals(find(STATUS, body))) {
                completedCallbacks.putIfAbsent(find(ID, body), at);
            }
        });
        receiver.start();
        String callbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callback";

        System.out.printf("gateway %s, community %s, callbacks %d, pending %d, idle window %d s%n", gatewayUrl,
                community, callbacks, pending, idleSeconds);
        check(send("PUT", "/api/internal/community/" + community, null,
                "{\"plugins\": [{\"name\": \"randomness\", \"config\": {}}]}"), 200, 201);
        long waitUntil = System.currentTimeMillis() + 60_000;
        while (send("POST", "/api/internal/action/randomness.random-int", community, "{}").statusCode() != 200) {
            if (System.currentTimeMillis() > waitUntil) {
                throw new IllegalStateException("randomness never became usable in " + community);
            }
            Thread.sleep(500);
        }

        try (Connection processDb = DriverManager.getConnection("jdbc:postgresql://" + pg + "/process", "postgres",
                "postgres");
                Connection runnerDb = DriverManager.getConnection("jdbc:postgresql://" + pg + "/runner", "postgres",
                        "postgres")) {
            if (warmup > 0) {
                System.out.printf("%nwarming up with %d processes (not measured)%n", warmup);
                runCallbacks(warmup, callbackUrl, new ArrayList<>());
            }
            latency(callbacks, callbackUrl, processDb, runnerDb);
            if (pending > 0) {
                idle(pending, idleSeconds, processPid, runnerPid, processDb);
            }
        }
        receiver.stop(0);
    }

    static void latency(int count, String callbackUrl, Connection processDb, Connection runnerDb) throws Exception {
        System.out.printf("%n== callback latency: %d processes with callback_url (half closed by DELETE, half after a "
                + "3 s delay)%n", count);
        List<String> closedByDelete = Collections.synchronizedList(new ArrayList<>());
        List<String> ids = runCallbacks(count, callbackUrl, closedByDelete);
        Map<String, Instant> serviceDone = times(processDb, "SELECT id, completed_at FROM process WHERE id = ANY(?)",
                ids);
        Map<String, Instant> runnerDone = times(runnerDb,
                "SELECT id, updated_at FROM process_instance WHERE id = ANY(?) AND status = 'completed'", ids);
        List<Double> fromRunner = new ArrayList<>();
        List<Double> fromService = new ArrayList<>();
        List<Double> fromRunnerDelete = new ArrayList<>();
        List<Double> fromRunnerTick = new ArrayList<>();
        int missing = 0;
        for (String id : ids) {
            Instant received = completedCallbacks.get(id);
            if (received == null || runnerDone.get(id) == null || serviceDone.get(id) == null) {
                missing++;
                continue;
            }
            double r = millis(runnerDone.get(id), received);
            fromRunner.add(r);
            fromService.add(millis(serviceDone.get(id), received));
            (closedByDelete.contains(id) ? fromRunnerDelete : fromRunnerTick).add(r);
        }
        System.out.printf("received %d of %d completed callbacks (DELETEs that timed out and were repeated: %d)%n",
                ids.size() - missing, ids.size(), closeTimeouts.get());
        report("runner stored completed -> callback received", fromRunner);
        report("  of which closed by DELETE", fromRunnerDelete);
        report("  of which completed by an update tick", fromRunnerTick);
        report("process-service stored completed -> callback received", fromService);
    }

    /** Starts {@code count} processes with a callback_url, closes half, waits for all completed callbacks. */
    static List<String> runCallbacks(int count, String callbackUrl, List<String> closedByDelete) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean close = i % 2 == 0;
            started.add(pool.submit(() -> {
                String body = "{\"callback_url\": \"" + callbackUrl + "\", \"options\": [\"a\", \"b\", \"c\"], "
                        + "\"delay\": " + (close ? "60" : "0.05") + "}";
                HttpResponse<String> r = send("POST", "/api/internal/process/randomness.delayed-stochastic-vote",
                        community, body);
                check(r, 202);
                String location = r.headers().firstValue("Location").orElseThrow();
                String id = location.substring(location.lastIndexOf('/') + 1);
                if (close) {
                    Thread.sleep(50);
                    HttpResponse<String> closed = send("DELETE", location, community, null);
                    for (int retry = 0; closed.statusCode() == 504 && retry < 5; retry++) {
                        closeTimeouts.incrementAndGet(); // the runner did not answer in time: DELETE again
                        closed = send("DELETE", location, community, null);
                    }
                    check(closed, 200);
                    closedByDelete.add(id);
                }
                return id;
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : started) {
            ids.add(f.get());
        }
        pool.shutdown();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!completedCallbacks.keySet().containsAll(ids) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        return ids;
    }

    static void idle(int count, int seconds, int processPid, int runnerPid, Connection processDb) throws Exception {
        System.out.printf("%n== idle cost: CPU over %d s without, then with %d pending processes%n", seconds, count);
        double[] before = cpu(seconds, processPid, runnerPid);
        System.out.printf("no pending:      process-service %.1f %% CPU, plugin-runner %.1f %% CPU%n", before[0],
                before[1]);

        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger failures = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(pool.submit(() -> {
                HttpResponse<String> r = send("POST", "/api/internal/process/randomness.delayed-stochastic-vote",
                        community, "{\"options\": [\"a\", \"b\"], \"delay\": 100000}");
                if (r.statusCode() != 202) {
                    failures.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("started %d processes in %.1f s (%.0f/s, 16 concurrent drivers), %d failed%n", count,
                startSeconds, count / startSeconds, failures.get());
        long pendingNow = scalar(processDb, "SELECT count(*) FROM process WHERE status = 'pending' AND community_slug = ?");
        System.out.printf("pending in process-service: %d%n", pendingNow);
        Thread.sleep(5_000);
        long ticks0 = scalar(processDb, "SELECT coalesce(sum(update_seq), 0) FROM process WHERE community_slug = ?");
        double[] after = cpu(seconds, processPid, runnerPid);
        long ticks1 = scalar(processDb, "SELECT coalesce(sum(update_seq), 0) FROM process WHERE community_slug = ?");
        System.out.printf("%d pending:    process-service %.1f %% CPU, plugin-runner %.1f %% CPU "
                + "(100 %% = one core), %.1f update ticks/s%n", count, after[0], after[1],
                (ticks1 - ticks0) / (double) seconds);
    }

    /** Percent of one core each process used over {@code seconds} (utime + stime; 0 for pid 0). */
    static double[] cpu(int seconds, int... pids) throws Exception {
        long[] start = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            start[i] = ticks(pids[i]);
        }
        Thread.sleep(seconds * 1000L);
        double[] percent = new double[pids.length];
        for (int i = 0; i < pids.length; i++) {
            percent[i] = (ticks(pids[i]) - start[i]) / (seconds * ProcStat.TICKS_PER_SECOND) * 100.0;
        }
        return percent;
    }

    static long ticks(int pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        long ticks = ProcStat.cpuTicks(pid);
        if (ticks < 0) {
            throw new IOException("cannot read /proc/" + pid + "/stat");
        }
        return ticks;
    }

    static Map<String, Instant> times(Connection db, String sql, List<String> ids) throws Exception {
        Map<String, Instant> times = new java.util.HashMap<>();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setArray(1, db.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp t = rs.getTimestamp(2);
                    if (t != null) {
                        times.put(rs.getString(1), t.toInstant());
                    }
                }
            }
        }
        return times;
    }

    static long scalar(Connection db, String sql) throws Exception {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, community);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    static void report(String what, List<Double> millis) {
        if (millis.isEmpty()) {
            System.out.printf("%-55s no samples%n", what);
            return;
        }
        LatencyHistogram h = LatencyHistogram.create();
        millis.forEach(ms -> h.recordNanos(Math.round(ms * 1e6)));
        System.out.printf("%-55s n=%d  p50 %.1f ms  p99 %.1f ms  max %.1f ms%s%n", what, h.count(),
                h.percentileNanos(0.50) / 1e6, h.percentileNanos(0.99) / 1e6, h.maxNanos() / 1e6,
                h.negatives() == 0 ? "" : "  (" + h.negatives() + " below 0 counted as 0)");
    }

    static HttpResponse<String> send(String method, String path, String community, String body) {
        try {
            return gateway.send(method, path, body, community == null ? null
                    : Map.of("X-Metagov-Community", community));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    static void check(HttpResponse<String> r, int... expected) {
        for (int e : expected) {
            if (r.statusCode() == e) {
                return;
            }
        }
        throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered "
                + r.statusCode() + ": " + r.body());
    }

    static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
