/*
 * The benchmarks' load generator, driver receiver and checker: one Java file, no dependencies, JDK 17.
 *
 *   java bench/common/Bench.java <command> [--option value ...]      (or javac -d DIR it once and java -cp DIR Bench)
 *
 * Commands
 *   actions      fixed-rate (open-loop) POST /api/internal/action/tutorial.times-two at each --rates step
 *   inproc       the same action in-process: the runner's TutorialPlugin class loaded from its quarkus-app jars
 *   receiver     a driver's event receiver (DRIVER_EVENT_RECEIVER_URL): records every attempt; in --mode fault it
 *                answers 500 to --fail-percent of first attempts per webhook-id
 *   hooks        hook ingest vs a no-op endpoint (closed loop), webhook-to-driver latency at a fixed rate
 *   fault-send   10,000 ordered hooks across 20 communities, each community's hooks one after the other
 *   fault-check  waits for every event at the receiver and checks ids, order, duplicates; exit 1 on failure
 *
 * Latency under a fixed rate is measured from each request's intended send time (wrk2's way), so a stalled server
 * or a lagging client cannot hide queueing (coordinated omission). The HTTP client is a minimal HTTP/1.1 keep-alive
 * client over blocking sockets, one connection per worker thread, to keep the generator's own cost low.
 */

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Bench {

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: Bench <actions|inproc|receiver|hooks|fault-send|fault-check> [--opt value ...]");
            System.exit(2);
        }
        Args args = new Args(argv);
        int rc = switch (argv[0]) {
            case "actions" -> Actions.run(args);
            case "inproc" -> InProc.run(args);
            case "receiver" -> Receiver.run(args);
            case "hooks" -> Hooks.run(args);
            case "fault-send" -> Fault.send(args);
            case "fault-check" -> Fault.check(args);
            default -> {
                System.err.println("unknown command " + argv[0]);
                yield 2;
            }
        };
        System.out.flush();
        System.exit(rc);
    }

    // ------------------------------------------------------------------------------------------------------------
    // small helpers

    static final class Args {
        final Map<String, String> values = new HashMap<>();

        Args(String[] argv) {
            for (int i = 1; i < argv.length; i++) {
                if (!argv[i].startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument " + argv[i]);
                }
                String key = argv[i].substring(2);
                String value = i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[++i] : "true";
                values.put(key, value);
            }
        }

        String str(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        String req(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("--" + key + " is required");
            }
            return v;
        }

        int integer(String key, int fallback) {
            return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
        }

        double dbl(String key, double fallback) {
            return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
        }
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    static String now() {
        return DateTimeFormatter.ISO_LOCAL_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)).substring(0, 12) + "Z";
    }

    static void log(String format, Object... args) {
        System.out.println("[bench " + now() + "] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void parkUntil(long nanoTime) {
        for (long left; (left = nanoTime - System.nanoTime()) > 0;) {
            LockSupport.parkNanos(left);
        }
    }

    /** Nearest-rank percentile of a sorted array, in the array's unit. */
    static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    static String us(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1e3);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String randomRun() {
        return Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
                + Integer.toString((int) (Math.random() * 1296), 36);
    }

    // ------------------------------------------------------------------------------------------------------------
    // a minimal HTTP/1.1 keep-alive client

    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static final class Http implements Closeable {
        final String host;
        final int port;
        final int timeoutMillis;
        Socket socket;
        InputStream in;
        OutputStream out;

        Http(URI base, int timeoutMillis) {
            this.host = base.getHost();
            this.port = base.getPort() < 0 ? 80 : base.getPort();
            this.timeoutMillis = timeoutMillis;
        }

        static byte[] request(String method, URI base, String pathAndQuery, Map<String, String> headers, byte[] body) {
            StringBuilder head = new StringBuilder(256);
            head.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
            if (headers != null) {
                headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (body == null || body.length == 0) {
                return h;
            }
            byte[] all = Arrays.copyOf(h, h.length + body.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            return all;
        }

        Response exchange(byte[] request) throws IOException {
            boolean reused = socket != null;
            try {
                return once(request);
            } catch (IOException e) {
                close();
                if (!reused) {
                    throw e;
                }
                return once(request); // the server closed an idle keep-alive connection: one fresh try
            }
        }

        private Response once(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(timeoutMillis);
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
                in = new BufferedInputStream(socket.getInputStream(), 16384);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed before a response");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h; (h = line()) != null && !h.isEmpty();) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                for (;;) {
                    String size = line();
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    buf.write(in.readNBytes(n));
                    line();
                }
                body = buf.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
            } else if (status == 204 || status == 304 || status / 100 == 1) {
                body = new byte[0];
            } else {
                body = in.readAllBytes();
                close = true;
            }
            if (close) {
                close();
            }
            return new Response(status, body);
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int c; (c = in.read()) != -1;) {
                if (c == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) c);
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }
    }

    /** One-off calls for setup and control (not measured). */
    static Response call(String method, String url, Map<String, String> headers, String body) throws IOException {
        URI uri = URI.create(url);
        String pq = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Map<String, String> h = new LinkedHashMap<>();
        if (headers != null) {
            h.putAll(headers);
        }
        h.put("Connection", "close");
        if (body != null) {
            h.putIfAbsent("Content-Type", "application/json");
        }
        try (Http http = new Http(uri, 30_000)) {
            return http.exchange(Http.request(method, uri, pq, h,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // load: open loop at a fixed rate, closed loop for maximum throughput

    /** Builds request i; intendedEpochMicros is the wall-clock time request i is meant to leave. */
    interface RequestFactory {
        byte[] build(long i, long intendedEpochMicros);
    }

    static final class Result {
        String label;
        double targetRate; // 0 for closed loop
        long sent;
        long ok;
        long non2xx;
        long errors; // connection errors and timeouts
        double seconds; // from the first intended send to the last response
        long[] latencies; // 2xx only, sorted, nanoseconds
        long maxSendLagNanos; // how late the client sent relative to the schedule (open loop)
        Map<Integer, Long> statuses = new TreeMap<>();

        double achieved() {
            return (ok + non2xx) / seconds;
        }
    }

    static Result openLoop(String label, URI target, double rate, double seconds, int connections,
            RequestFactory factory) throws InterruptedException {
        int n = (int) Math.round(rate * seconds);
        double period = 1e9 / rate;
        long[] latency = new long[n];
        int[] status = new int[n];
        long[] done = new long[n];
        long start = System.nanoTime() + 100_000_000L;
        long startEpochMicros = epochMicros() + 100_000L;
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        AtomicBoolean pacing = new AtomicBoolean(true);
        AtomicLong maxLag = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(connections);
        AtomicInteger completed = new AtomicInteger();
        List<Http> clients = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            Http http = new Http(target, 10_000);
            clients.add(http);
            Thread worker = new Thread(() -> {
                try {
                    while (true) {
                        Integer i = queue.poll(50, TimeUnit.MILLISECONDS);
                        if (i == null) {
                            if (!pacing.get() && queue.isEmpty()) {
                                return;
                            }
                            continue;
                        }
                        long intended = start + (long) (i * period);
                        long lag = System.nanoTime() - intended;
                        maxLag.accumulateAndGet(lag, Math::max);
                        byte[] request = factory.build(i, startEpochMicros + (long) (i * period / 1000));
                        int code;
                        try {
                            code = http.exchange(request).status();
                        } catch (IOException e) {
                            http.close();
                            code = -1;
                        }
                        long end = System.nanoTime();
                        latency[i] = end - intended;
                        status[i] = code;
                        done[i] = end;
                        completed.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            }, "load-" + w);
            worker.setDaemon(true);
            worker.start();
        }
        for (int i = 0; i < n; i++) {
            parkUntil(start + (long) (i * period));
            queue.add(i);
        }
        pacing.set(false);
        boolean all = finished.await(30, TimeUnit.SECONDS);
        clients.forEach(Http::close);
        Result r = new Result();
        r.label = label;
        r.targetRate = rate;
        r.sent = n;
        r.maxSendLagNanos = maxLag.get();
        long last = start;
        long[] ok = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (done[i] == 0) {
                r.errors++;
                r.statuses.merge(0, 1L, Long::sum);
                continue;
            }
            last = Math.max(last, done[i]);
            r.statuses.merge(status[i], 1L, Long::sum);
            if (status[i] < 0) {
                r.errors++;
            } else if (status[i] / 100 == 2) {
                r.ok++;
                ok[k++] = latency[i];
            } else {
                r.non2xx++;
            }
        }
        if (!all) {
            log("%s: %d requests had no answer 30 s after the last was due", label, n - completed.get());
        }
        r.seconds = Math.max(1e-9, (last - start) / 1e9);
        r.latencies = Arrays.copyOf(ok, k);
        Arrays.sort(r.latencies);
        return r;
    }

    static Result closedLoop(String label, URI target, int connections, double seconds, RequestFactory factory)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        AtomicLong seq = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[connections];
        long[][] statusCounts = new long[connections][4]; // ok, non2xx, errors, unused
        Thread[] threads = new Thread[connections];
        long[] lastEnd = new long[connections];
        for (int w = 0; w < connections; w++) {
            long[] lat = new long[1 << 16];
            perThread.add(lat);
            final int id = w;
            threads[w] = new Thread(() -> {
                long[] mine = perThread.get(id);
                try (Http http = new Http(target, 10_000)) {
                    while (System.nanoTime() < deadline) {
                        long i = seq.getAndIncrement();
                        byte[] request = factory.build(i, epochMicros());
                        long t0 = System.nanoTime();
                        int code;
                        try {
                            code = http.exchange(request).status();
                        } catch (IOException e) {
                            http.close();
                            code = -1;
                        }
                        long t1 = System.nanoTime();
                        lastEnd[id] = t1;
                        if (code < 0) {
                            statusCounts[id][2]++;
                        } else if (code / 100 == 2) {
                            statusCounts[id][0]++;
                            if (counts[id] == mine.length) {
                                mine = Arrays.copyOf(mine, mine.length * 2);
                                perThread.set(id, mine);
                            }
                            mine[counts[id]++] = t1 - t0;
                        } else {
                            statusCounts[id][1]++;
                        }
                    }
                }
            }, "closed-" + w);
            threads[w].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        Result r = new Result();
        r.label = label;
        long end = start;
        int total = 0;
        for (int w = 0; w < connections; w++) {
            r.ok += statusCounts[w][0];
            r.non2xx += statusCounts[w][1];
            r.errors += statusCounts[w][2];
            total += counts[w];
            end = Math.max(end, lastEnd[w]);
        }
        r.sent = r.ok + r.non2xx + r.errors;
        r.latencies = new long[total];
        int k = 0;
        for (int w = 0; w < connections; w++) {
            System.arraycopy(perThread.get(w), 0, r.latencies, k, counts[w]);
            k += counts[w];
        }
        Arrays.sort(r.latencies);
        r.seconds = Math.max(1e-9, (end - start) / 1e9);
        return r;
    }

    static final String ROW = "| %-44s | %7s | %7s | %7s | %5s | %5s | %9s | %7s | %7s | %7s | %7s | %8s |%n";

    static void header() {
        System.out.printf(Locale.ROOT, ROW, "what", "rate/s", "sent", "2xx", "non2x", "err", "achieved/s", "p50 ms",
                "p90 ms", "p99 ms", "p99.9ms", "max ms");
        System.out.printf(Locale.ROOT, ROW, dash(44), dash(7), dash(7), dash(7), dash(5), dash(5), dash(9), dash(7), dash(7), dash(7), dash(7),
                dash(8));
    }

    static String dash(int n) {
        return "-".repeat(n);
    }

    static void row(Result r) {
        long[] l = r.latencies;
        System.out.printf(Locale.ROOT, ROW, r.label, r.targetRate > 0 ? f1(r.targetRate) : "closed",
                r.sent, r.ok, r.non2xx, r.errors, f1(r.achieved()), ms(pct(l, 0.50)), ms(pct(l, 0.90)),
                ms(pct(l, 0.99)), ms(pct(l, 0.999)), ms(l.length == 0 ? -1 : l[l.length - 1]));
        System.out.flush();
    }

    // ------------------------------------------------------------------------------------------------------------
    // CPU accounting: on a shared 2-core machine, CPU per request is the figure that does not depend on neighbours

    static final class Cpu {
        final Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Long> before;
        long[] machineBefore;
        long wallBefore;
        /** Ticks per second of each process with no load, measured by {@link #baseline}. */
        final Map<String, Double> idle = new HashMap<>();

        /** Measures what each process burns with nothing to do, so per-request figures can leave it out. */
        void baseline(double seconds) {
            start();
            sleep((long) (seconds * 1000));
            Map<String, Long> after = ticks();
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            after.forEach((name, t) -> {
                Long b = before.get(name);
                if (b != null && b >= 0 && t >= 0 && !name.equals("bench")) {
                    idle.put(name, (t - b) / wall);
                }
            });
            StringBuilder sb = new StringBuilder();
            idle.forEach((name, rate) -> sb.append(String.format(Locale.ROOT, "%s %.0f%%, ", name, rate)));
            log("idle baseline over %.0f s (share of one core): %s", seconds, sb.length() > 2
                    ? sb.substring(0, sb.length() - 2) : "-");
        }

        /** --pids-dir DIR (the stack's pid files) and --pids name=pid,... ; the bench process itself as "bench". */
        static Cpu of(Args args) throws IOException {
            Cpu cpu = new Cpu();
            String dir = args.str("pids-dir", null);
            if (dir != null && Files.isDirectory(Path.of(dir))) {
                try (var files = Files.list(Path.of(dir))) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(".pid")) {
                            cpu.pids.put(shortName(name.substring(0, name.length() - 4)),
                                    Long.parseLong(Files.readString(f).trim()));
                        }
                    }
                }
            }
            String extra = args.str("pids", "");
            for (String kv : extra.split(",")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    cpu.pids.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
                }
            }
            cpu.pids.put("bench", ProcessHandle.current().pid());
            return cpu;
        }

        static String shortName(String service) {
            return switch (service) {
                case "gateway-service" -> "gateway";
                case "plugin-runner-service" -> "runner";
                case "community-service" -> "community";
                case "process-service" -> "process";
                case "event-dispatcher" -> "dispatcher";
                case "metastore-service" -> "metastore";
                case "infra" -> "kafka"; // LocalInfra's JVM; PostgreSQL runs apart (--pids pg=<postmaster>)
                default -> service;
            };
        }

        void start() {
            before = ticks();
            machineBefore = machine();
            wallBefore = System.nanoTime();
        }

        /** One line: each process's share of one core and CPU ms per request; the machine's busy share. */
        String report(long requests) {
            Map<String, Long> after = ticks();
            long[] machineAfter = machine();
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            double hz = 100.0; // USER_HZ on Linux
            StringBuilder sb = new StringBuilder("  cpu: ");
            long ours = 0;
            double oursNet = 0;
            for (var e : after.entrySet()) {
                Long b = before.get(e.getKey());
                if (b == null || e.getValue() < 0 || b < 0) {
                    continue;
                }
                long d = e.getValue() - b;
                ours += d;
                double net = Math.max(0, d - idle.getOrDefault(e.getKey(), 0.0) * wall);
                oursNet += net;
                if (d * 100 / hz / wall < 0.5) {
                    continue; // idle throughout: not worth a column
                }
                sb.append(String.format(Locale.ROOT, "%s %.0f%% (%.2f), ", e.getKey(), 100 * d / hz / wall,
                        requests > 0 ? 1000 * net / hz / requests : 0.0));
            }
            long total = machineAfter[0] - machineBefore[0];
            long busy = total - (machineAfter[1] - machineBefore[1]);
            int cores = Runtime.getRuntime().availableProcessors();
            sb.append(String.format(Locale.ROOT, "sum %.2f ms/req above idle; machine busy %.0f%% of %d cores, others "
                    + "(not this stack or bench) %.0f%%", requests > 0 ? 1000 * oursNet / hz / requests : 0.0,
                    total > 0 ? 100.0 * busy / total : 0, cores,
                    total > 0 ? Math.max(0, 100.0 * (busy - ours) / total) : 0));
            return sb.toString();
        }

        Map<String, Long> ticks() {
            Map<String, Long> out = new LinkedHashMap<>();
            pids.forEach((name, pid) -> out.put(name, processTicks(pid)));
            return out;
        }

        /** The process's CPU ticks and its live descendants' (PostgreSQL's processes under the infra JVM). */
        static long processTicks(long pid) {
            long own = ownTicks(pid);
            if (own < 0) {
                return -1;
            }
            long children = ProcessHandle.of(pid).map(p -> p.descendants().mapToLong(d -> Math.max(0,
                    ownTicks(d.pid()))).sum()).orElse(0L);
            return own + children;
        }

        static long ownTicks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime, stime (fields 14, 15) and what its reaped children used (16, 17)
                return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            } catch (Exception e) {
                return -1;
            }
        }

        /** [total, idle+iowait] jiffies of the machine. */
        static long[] machine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    total += Long.parseLong(f[i]);
                }
                return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
            } catch (Exception e) {
                return new long[] {0, 0};
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // setup shared by the scenarios

    static void putCommunity(String gateway, String slug, String pluginConfig) throws IOException {
        String body = "{\"name\": \"" + slug + "\", \"readable_name\": \"bench\", \"plugins\": "
                + "[{\"name\": \"tutorial\", \"config\": " + pluginConfig + "}]}";
        Response r = call("PUT", gateway + "/api/internal/community/" + slug, null, body);
        if (r.status() != 201 && r.status() != 200) {
            throw new IllegalStateException("PUT community " + slug + ": " + r.status() + " " + r.text());
        }
    }

    /** The runner applies a community a moment after the PUT: wait until the action works there. */
    static void awaitRunner(String gateway, String slug, int seconds) throws IOException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = call("POST", gateway + "/api/internal/action/tutorial.times-two",
                    Map.of("X-Metagov-Community", slug), "{\"parameters\": {\"value\": 21}}");
            if (last.status() == 200 && last.text().contains("42")) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("the runner did not take up " + slug + " in " + seconds + " s: "
                + (last == null ? "" : last.status() + " " + last.text()));
    }

    // ------------------------------------------------------------------------------------------------------------
    // actions through the stack

    static final class Actions {
        static int run(Args args) throws Exception {
            String gateway = args.str("gateway", "http://localhost:28080");
            URI target = URI.create(gateway);
            String slug = args.str("community", "bench-actions-" + randomRun());
            double duration = args.dbl("duration", 20);
            double warmup = args.dbl("warmup", 20);
            int connections = args.integer("connections", 64);
            String[] rates = args.str("rates", "200,500,1000").split(",");

            putCommunity(gateway, slug, "{\"api_key\": \"bench\"}");
            awaitRunner(gateway, slug, 120);
            log("community %s ready; warming up %s s at 300/s", slug, f1(warmup));

            String path = "/api/internal/action/tutorial.times-two";
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Metagov-Community", slug);
            headers.put("Content-Type", "application/json");
            RequestFactory factory = (i, t) -> Http.request("POST", target, path, headers,
                    ("{\"parameters\": {\"value\": " + (i % 1000) + "}}").getBytes(StandardCharsets.UTF_8));
            Cpu cpu = Cpu.of(args);
            cpu.start();
            Result warm = openLoop("warm-up (not counted)", target, 300, warmup, connections, factory);
            List<String> cpuLines = new ArrayList<>();
            String warmCpu = cpu.report(warm.sent);
            // idle after the warm-up: right after a start the broker and the JITs are still busy with themselves
            cpu.baseline(args.dbl("idle", 10));
            cpuLines.add("warm-up:" + warmCpu.substring(1) + " (per request: before the idle baseline was known)");

            List<Result> results = new ArrayList<>();
            for (String rate : rates) {
                double r = Double.parseDouble(rate.trim());
                log("driving %s/s for %s s", f1(r), f1(duration));
                cpu.start();
                Result result = openLoop("gateway POST tutorial.times-two", target, r, duration, connections,
                        factory);
                results.add(result);
                cpuLines.add("at " + f1(r) + "/s:" + cpu.report(result.sent).substring(1));
                sleep(2000);
            }
            System.out.println();
            System.out.println("Actions through the stack (open loop, latency from the intended send time, "
                    + connections + " client connections):");
            header();
            row(warm);
            results.forEach(Bench::row);
            for (Result r : results) {
                if (r.maxSendLagNanos > 5_000_000L) {
                    System.out.printf(Locale.ROOT, "  note: at %s/s requests waited up to %s ms past their send time "
                            + "for one of the %d connections (all busy: the stack was behind, or this client was "
                            + "starved of CPU); counted in the latency%n", f1(r.targetRate), ms(r.maxSendLagNanos),
                            connections);
                }
            }
            System.out.println("CPU while each step ran: process share of one core (its CPU ms per request above "
                    + "its idle baseline):");
            cpuLines.forEach(l -> System.out.println("  " + l));
            System.out.println();
            return 0;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the same action in-process

    static final class InProc {
        static int run(Args args) throws Exception {
            Path app = Path.of(args.req("runner-app")); // plugin-runner-service/target/quarkus-app
            List<URL> urls = new ArrayList<>();
            for (String dir : List.of("app", "lib/main")) {
                File[] jars = app.resolve(dir).toFile().listFiles((d, name) -> name.endsWith(".jar"));
                if (jars == null) {
                    throw new IllegalStateException(app.resolve(dir) + " is missing: build the runner first");
                }
                Arrays.sort(jars);
                for (File jar : jars) {
                    urls.add(jar.toURI().toURL());
                }
            }
            URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), Bench.class.getClassLoader());
            Class<?> pluginClass = loader.loadClass("org.metagov.runner.plugins.tutorial.TutorialPlugin");
            Class<?> jsonNode = loader.loadClass("com.fasterxml.jackson.databind.JsonNode");
            Object plugin = pluginClass.getDeclaredConstructor().newInstance();
            Method action = pluginClass.getMethod("timesTwo", jsonNode);
            Object mapper = loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper").getDeclaredConstructor()
                    .newInstance();
            Method readTree = mapper.getClass().getMethod("readTree", String.class);
            Method get = jsonNode.getMethod("get", String.class);
            Method write = mapper.getClass().getMethod("writeValueAsString", Object.class);
            Method valueToTree = mapper.getClass().getMethod("valueToTree", Object.class);
            Object parameters = get.invoke(readTree.invoke(mapper, "{\"parameters\": {\"value\": 5}}"), "parameters");
            String check = (String) write.invoke(mapper, action.invoke(plugin, parameters));
            if (!check.equals("{\"result\":10}")) {
                throw new IllegalStateException("in-process times-two answered " + check);
            }
            ExecutorService pluginThreads = Executors.newFixedThreadPool(64, r -> {
                Thread t = new Thread(r, "plugin-action");
                t.setDaemon(true);
                return t;
            });

            // 1. the method as the runner calls it (reflection), on a parsed JsonNode
            Call direct = i -> action.invoke(plugin, parameters);
            // 2. what the runner does around it, minus Kafka: request JSON in, method, reply JSON out
            Call withJson = i -> {
                Object request = readTree.invoke(mapper, "{\"id\": \"x\", \"community\": \"c\", \"plugin\": "
                        + "\"tutorial\", \"action\": \"times-two\", \"parameters\": {\"value\": " + (i % 1000) + "}}");
                Object result = action.invoke(plugin, get.invoke(request, "parameters"));
                return write.invoke(mapper, valueToTree.invoke(mapper, result));
            };
            // 3. as 2, handed to a plugin thread and waited for, as ActionRunner does
            Call onPluginThread = i -> pluginThreads.submit(() -> withJson.call(i)).get();

            int iterations = args.integer("iterations", 200_000);
            List<String[]> rows = new ArrayList<>();
            rows.add(tight("in-process: method call (reflection)", direct, iterations));
            rows.add(tight("in-process: + request/reply JSON", withJson, iterations));
            rows.add(tight("in-process: + JSON + plugin thread hand-off", onPluginThread, iterations));
            double rate = args.dbl("rate", 1000);
            double seconds = args.dbl("duration", 10);
            rows.add(fixedRate("in-process: JSON + hand-off at " + (int) rate + "/s", onPluginThread, rate, seconds));

            System.out.println("The same action in-process (TutorialPlugin from the runner's jars; JVM flags: "
                    + String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                    + "):");
            String fmt = "| %-44s | %9s | %10s | %8s | %8s | %8s | %8s |%n";
            System.out.printf(Locale.ROOT, fmt, "what", "calls", "calls/s", "p50 us", "p90 us", "p99 us", "max us");
            System.out.printf(Locale.ROOT, fmt, dash(44), dash(9), dash(10), dash(8), dash(8), dash(8), dash(8));
            for (String[] r : rows) {
                System.out.printf(Locale.ROOT, fmt, (Object[]) r);
            }
            System.out.println();
            pluginThreads.shutdownNow();
            return 0;
        }

        interface Call {
            Object call(long i) throws Exception;
        }

        static String[] tight(String label, Call call, int iterations) throws Exception {
            for (int i = 0; i < iterations / 2; i++) { // warm-up
                call.call(i);
            }
            long[] lat = new long[iterations];
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                call.call(i);
                lat[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(lat);
            return new String[] {label, Integer.toString(iterations), f1(iterations / seconds), us(pct(lat, 0.5)),
                    us(pct(lat, 0.9)), us(pct(lat, 0.99)), us(lat[lat.length - 1])};
        }

        static String[] fixedRate(String label, Call call, double rate, double seconds) throws Exception {
            int n = (int) (rate * seconds);
            double period = 1e9 / rate;
            long[] lat = new long[n];
            long start = System.nanoTime() + 10_000_000L;
            for (int i = 0; i < n; i++) {
                long intended = start + (long) (i * period);
                parkUntil(intended);
                call.call(i);
                lat[i] = System.nanoTime() - intended;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            Arrays.sort(lat);
            return new String[] {label, Integer.toString(n), f1(n / elapsed), us(pct(lat, 0.5)), us(pct(lat, 0.9)),
                    us(pct(lat, 0.99)), us(lat[lat.length - 1])};
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the driver's receiver

    /** One POST the dispatcher made, as the receiver saw it. */
    record Attempt(long receivedUs, String id, String community, String run, String phase, long seq, long sentUs,
            long eventUs, int status) {
        String tsv() {
            return receivedUs + "\t" + id + "\t" + community + "\t" + run + "\t" + phase + "\t" + seq + "\t"
                    + sentUs + "\t" + eventUs + "\t" + status;
        }

        static Attempt parse(String line) {
            String[] f = line.split("\t", -1);
            return new Attempt(Long.parseLong(f[0]), f[1], f[2], f[3], f[4], Long.parseLong(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[7]), Integer.parseInt(f[8]));
        }
    }

    static final class Receiver {
        static final Pattern COMMUNITY = Pattern.compile("\"community\"\\s*:\\s*\"([^\"]*)\"");
        static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*\"(\\d+)\\.(\\d+)\"");
        static final Pattern RUN = Pattern.compile("\"bench_run\"\\s*:\\s*\"([^\"]*)\"");
        static final Pattern PHASE = Pattern.compile("\"bench_phase\"\\s*:\\s*\"([^\"]*)\"");
        static final Pattern SEQ = Pattern.compile("\"bench_seq\"\\s*:\\s*(\\d+)");
        static final Pattern SENT = Pattern.compile("\"bench_sent_us\"\\s*:\\s*(\\d+)");

        static int run(Args args) throws Exception {
            int port = args.integer("port", 28095);
            String mode = args.str("mode", "ok");
            int failPermille = (int) Math.round(args.dbl("fail-percent", 30) * 10);
            List<Attempt> attempts = new ArrayList<>();
            Map<String, Boolean> seen = new ConcurrentHashMap<>();
            com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
                    .create(new InetSocketAddress("127.0.0.1", port), 512);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.createContext("/events", exchange -> {
                long receivedUs = epochMicros();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (id == null) {
                    id = "";
                }
                int status = 204;
                boolean first = seen.putIfAbsent(id, Boolean.TRUE) == null;
                if ("fault".equals(mode) && first && failPermille > 0 && bucket(id) < failPermille) {
                    status = 500;
                }
                Attempt a = new Attempt(receivedUs, id, group(COMMUNITY, body, ""), group(RUN, body, "-"),
                        group(PHASE, body, "-"), num(SEQ, body), num(SENT, body), eventMicros(body), status);
                synchronized (attempts) {
                    attempts.add(a);
                }
                if (status == 500) {
                    byte[] msg = "injected failure".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(500, msg.length);
                    exchange.getResponseBody().write(msg);
                } else {
                    exchange.sendResponseHeaders(204, -1);
                }
                exchange.close();
            });
            server.createContext("/count", exchange -> {
                String run = query(exchange.getRequestURI().getRawQuery(), "run");
                String phase = query(exchange.getRequestURI().getRawQuery(), "phase");
                java.util.Set<String> delivered = new java.util.HashSet<>();
                long total = 0;
                long last = 0;
                synchronized (attempts) {
                    for (Attempt a : attempts) {
                        if ((run == null || run.equals(a.run())) && (phase == null || phase.equals(a.phase()))) {
                            total++;
                            last = Math.max(last, a.receivedUs());
                            if (a.status() / 100 == 2) {
                                delivered.add(a.id());
                            }
                        }
                    }
                }
                byte[] out = (delivered.size() + " " + total + " " + last + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            server.createContext("/records", exchange -> {
                String run = query(exchange.getRequestURI().getRawQuery(), "run");
                StringBuilder sb = new StringBuilder();
                synchronized (attempts) {
                    for (Attempt a : attempts) {
                        if (run == null || run.equals(a.run())) {
                            sb.append(a.tsv()).append('\n');
                        }
                    }
                }
                byte[] out = sb.toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            server.start();
            log("receiver on http://127.0.0.1:%d/events, mode %s%s", port, mode,
                    "fault".equals(mode) ? ", 500 to " + (failPermille / 10.0) + "% of first attempts per webhook-id"
                            : "");
            Thread.currentThread().join();
            return 0;
        }

        /** A stable 0..999 bucket per webhook-id: which first attempts fail does not depend on timing. */
        static int bucket(String id) {
            long h = 1125899906842597L;
            for (int i = 0; i < id.length(); i++) {
                h = 31 * h + id.charAt(i);
            }
            h ^= (h >>> 33);
            h *= 0xff51afd7ed558ccdL;
            h ^= (h >>> 33);
            return (int) Math.floorMod(h, 1000L);
        }

        static String group(Pattern p, String body, String fallback) {
            Matcher m = p.matcher(body);
            return m.find() ? m.group(1) : fallback;
        }

        static long num(Pattern p, String body) {
            Matcher m = p.matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }

        static long eventMicros(String body) {
            Matcher m = TIMESTAMP.matcher(body);
            if (!m.find()) {
                return -1;
            }
            String frac = (m.group(2) + "000000").substring(0, 6);
            return Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(frac);
        }

        static String query(String raw, String key) {
            if (raw == null) {
                return null;
            }
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals(key)) {
                    return kv.substring(eq + 1);
                }
            }
            return null;
        }

        static List<Attempt> records(String receiver, String run) throws IOException {
            Response r = call("GET", receiver + "/records?run=" + run, null, null);
            List<Attempt> out = new ArrayList<>();
            for (String line : r.text().split("\n")) {
                if (!line.isBlank()) {
                    out.add(Attempt.parse(line));
                }
            }
            return out;
        }

        /** [distinct ids delivered, attempts, last attempt epoch us] for a run (and phase). */
        static long[] count(String receiver, String run, String phase) throws IOException {
            String[] f = call("GET", receiver + "/count?run=" + run + (phase == null ? "" : "&phase=" + phase), null,
                    null).text().trim().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
        }
    }

    static byte[] hookBody(String run, String phase, long seq, long sentUs) {
        return ("{\"account\": \"bench\", \"data\": {\"bench_run\": \"" + run + "\", \"bench_phase\": \"" + phase
                + "\", \"bench_seq\": " + seq + ", \"bench_sent_us\": " + sentUs + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------------------
    // hooks: ingest vs no-op, webhook-to-driver latency

    static final class Hooks {
        static int run(Args args) throws Exception {
            String gateway = args.str("gateway", "http://localhost:28080");
            String receiver = args.str("receiver", "http://127.0.0.1:28095");
            URI target = URI.create(gateway);
            String run = args.str("run", randomRun());
            int communities = args.integer("communities", 20);
            int connections = args.integer("connections", 32);
            int ingestConnections = args.integer("ingest-connections", 128);
            double ingestSeconds = args.dbl("ingest-duration", 15);
            double rate = args.dbl("rate", 500);
            double latencySeconds = args.dbl("duration", 20);
            double warmup = args.dbl("warmup", 15);
            int drainSeconds = args.integer("drain-timeout", 120);

            String[] slugs = new String[communities];
            for (int k = 0; k < communities; k++) {
                slugs[k] = "bench-h-" + run + "-" + k;
                putCommunity(gateway, slugs[k], "{\"api_key\": \"bench\"}");
            }
            for (String slug : slugs) {
                awaitRunner(gateway, slug, 120);
            }
            log("run %s: %d communities ready", run, communities);
            Cpu cpu = Cpu.of(args);

            Map<String, String> json = Map.of("Content-Type", "application/json");
            RequestFactory noop = (i, t) -> Http.request("GET", target, "/q/health/live", null, null);
            RequestFactory[] hook = new RequestFactory[1];
            String[] phase = {"warm"};
            hook[0] = (i, t) -> Http.request("POST", target, "/api/hooks/" + slugs[(int) (i % communities)]
                    + "/tutorial", json, hookBody(run, phase[0], i, t));

            // 1. webhook-to-driver latency at a fixed rate, after a warm-up of the whole path
            log("warm-up: %s s of hooks at %s/s", f1(warmup), f1(Math.min(rate, 250)));
            Result warm = openLoop("warm-up hooks (not counted)", target, Math.min(rate, 250), warmup, connections,
                    hook[0]);
            awaitDelivered(receiver, run, "warm", warm.ok, drainSeconds);
            cpu.baseline(args.dbl("idle", 10));
            phase[0] = "lat";
            log("latency: %s s of hooks at %s/s", f1(latencySeconds), f1(rate));
            cpu.start();
            Result latency = openLoop("gateway POST /api/hooks (at fixed rate)", target, rate, latencySeconds,
                    connections, hook[0]);
            long drainStart = System.nanoTime();
            long delivered = awaitDelivered(receiver, run, "lat", latency.ok, drainSeconds);
            double drained = (System.nanoTime() - drainStart) / 1e9;
            String latencyCpu = cpu.report(latency.sent);

            // 2. ingest vs no-op, closed loop: as many requests as the gateway answers on `connections` connections
            log("no-op: GET /q/health/live, %d connections, %s s", ingestConnections, f1(ingestSeconds));
            closedLoop("no-op warm-up", target, ingestConnections, 3, noop);
            cpu.start();
            Result noopResult = closedLoop("gateway GET /q/health/live (no-op)", target, ingestConnections,
                    ingestSeconds, noop);
            String noopCpu = cpu.report(noopResult.sent);
            phase[0] = "ingest";
            log("ingest: POST /api/hooks, %d connections, %s s", ingestConnections, f1(ingestSeconds));
            cpu.start();
            Result ingest = closedLoop("gateway POST /api/hooks (ingest)", target, ingestConnections, ingestSeconds,
                    hook[0]);
            String ingestCpu = cpu.report(ingest.sent);
            long ingestEndUs = epochMicros();

            // 2b. the same with the pipeline behind the gateway stopped (SIGSTOP): on this one machine runner and
            // dispatcher drain the burst on the cores the gateway needs; in a cluster they run elsewhere
            List<String> paused = Arrays.stream(args.str("ingest-paused", "runner,dispatcher").split(","))
                    .filter(name -> !name.isBlank() && cpu.pids.containsKey(name)).toList();
            Result ingestAlone = null;
            String ingestAloneCpu = null;
            if (!paused.isEmpty()) {
                log("ingest again with %s stopped (SIGSTOP), %d connections, %s s", paused, ingestConnections,
                        f1(ingestSeconds));
                signal("STOP", paused, cpu);
                try {
                    cpu.start();
                    ingestAlone = closedLoop("  the same, " + String.join("+", paused) + " stopped", target,
                            ingestConnections, ingestSeconds, hook[0]);
                    ingestAloneCpu = cpu.report(ingestAlone.sent);
                } finally {
                    signal("CONT", paused, cpu);
                }
            }

            System.out.println();
            System.out.println("Hook ingest vs a no-op endpoint of the same gateway (closed loop, " + ingestConnections
                    + " connections, " + f1(ingestSeconds) + " s each):");
            header();
            row(noopResult);
            row(ingest);
            if (ingestAlone != null) {
                row(ingestAlone);
            }
            System.out.printf(Locale.ROOT, "  ingest / no-op = %.2f  (aim >= 0.5)%n",
                    ingest.achieved() / noopResult.achieved());
            if (ingestAlone != null) {
                System.out.printf(Locale.ROOT, "  ingest / no-op with %s stopped = %.2f  (the gateway's own ingest, "
                        + "with only the broker beside it)%n", String.join("+", paused),
                        ingestAlone.achieved() / noopResult.achieved());
            }
            System.out.println("  no-op  " + noopCpu.substring(2) + "  [process share of one core (its CPU ms per "
                    + "request above idle)]");
            System.out.println("  ingest " + ingestCpu.substring(2));
            if (ingestAloneCpu != null) {
                System.out.println("  ingest, " + String.join("+", paused) + " stopped: "
                        + ingestAloneCpu.substring(2));
            }
            System.out.println();

            // 3. the latency figures from the receiver's records
            List<Attempt> records = Receiver.records(receiver, run);
            Map<String, Attempt> first = new LinkedHashMap<>();
            long attempts = 0;
            for (Attempt a : records) {
                if (!"lat".equals(a.phase())) {
                    continue;
                }
                attempts++;
                if (a.status() / 100 == 2) {
                    first.putIfAbsent(a.id(), a);
                }
            }
            long[] e2e = new long[first.size()];
            long[] toRunner = new long[first.size()];
            long[] dispatch = new long[first.size()];
            int k = 0;
            for (Attempt a : first.values()) {
                e2e[k] = (a.receivedUs() - a.sentUs()) * 1000;
                toRunner[k] = (a.eventUs() - a.sentUs()) * 1000;
                dispatch[k] = (a.receivedUs() - a.eventUs()) * 1000;
                k++;
            }
            Arrays.sort(e2e);
            Arrays.sort(toRunner);
            Arrays.sort(dispatch);
            System.out.println("Webhook-to-driver latency at " + f1(rate) + " hooks/s for " + f1(latencySeconds)
                    + " s (" + communities + " communities; from the hook's intended send time to the receiver):");
            header();
            row(warm);
            row(latency);
            String fmt = "| %-44s | %7s | %7s | %7s | %7s | %7s | %8s |%n";
            System.out.printf(Locale.ROOT, fmt, "stage (first delivery of each event)", "events", "p50 ms", "p90 ms",
                    "p99 ms", "p99.9ms", "max ms");
            System.out.printf(Locale.ROOT, fmt, dash(44), dash(7), dash(7), dash(7), dash(7), dash(7), dash(8));
            stage(fmt, "hook sent -> driver received (end to end)", e2e);
            stage(fmt, "  hook sent -> runner published the event", toRunner);
            stage(fmt, "  runner published -> driver received", dispatch);
            System.out.printf(Locale.ROOT, "  %d of %d hooks reached the driver (%d attempts); drained %.1f s after "
                    + "the last was sent; end-to-end p99 %s ms (aim <= 50)%n", delivered, latency.ok, attempts,
                    drained, ms(pct(e2e, 0.99)));
            System.out.println("  sending + draining " + latencyCpu.substring(2));

            // 4. what the pipeline behind the gateway made of the ingest burst (not a gate, for the record)
            int ingestDrain = args.integer("ingest-drain-timeout", 45);
            long ingested = ingest.ok + (ingestAlone == null ? 0 : ingestAlone.ok);
            if (ingestDrain > 0) {
                long startCount = Receiver.count(receiver, run, "ingest")[0];
                long t0 = System.nanoTime();
                long got = startCount;
                while (got < ingested && System.nanoTime() - t0 < ingestDrain * 1_000_000_000L) {
                    sleep(500);
                    got = Receiver.count(receiver, run, "ingest")[0];
                }
                double waited = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "  behind the ingest bursts: %d of %d hooks had reached the driver when "
                        + "they ended, %d after %.0f s more: runner+dispatcher drain ~%.0f events/s%s%n", startCount,
                        ingested, got, waited, (got - startCount) / waited,
                        got < ingested ? " (the rest stays in Kafka; this stack is stopped next)" : "");
            }
            System.out.println();
            return 0;
        }

        /** kill -STOP / -CONT the named processes of the stack. */
        static void signal(String signal, List<String> names, Cpu cpu) throws IOException, InterruptedException {
            for (String name : names) {
                new ProcessBuilder("kill", "-" + signal, String.valueOf(cpu.pids.get(name))).inheritIO().start()
                        .waitFor();
            }
        }

        static void stage(String fmt, String label, long[] sorted) {
            System.out.printf(Locale.ROOT, fmt, label, sorted.length, ms(pct(sorted, 0.5)), ms(pct(sorted, 0.9)),
                    ms(pct(sorted, 0.99)), ms(pct(sorted, 0.999)), ms(sorted.length == 0 ? -1 : sorted[sorted.length - 1]));
        }

        /** Waits until `expected` distinct events of the phase arrived, or nothing new came for `timeout` s. */
        static long awaitDelivered(String receiver, String run, String phase, long expected, int timeout)
                throws IOException {
            long last = -1;
            long lastChange = System.nanoTime();
            while (true) {
                long got = Receiver.count(receiver, run, phase)[0];
                if (got >= expected) {
                    return got;
                }
                if (got != last) {
                    last = got;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > timeout * 1_000_000_000L) {
                    log("phase %s: %d of %d events at the receiver, none new for %d s", phase, got, expected,
                            timeout);
                    return got;
                }
                sleep(200);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the fault test

    static final class Fault {
        static int send(Args args) throws Exception {
            String gateway = args.str("gateway", "http://localhost:28080");
            URI target = URI.create(gateway);
            String run = args.req("run");
            int communities = args.integer("communities", 20);
            int total = args.integer("total", 10_000);
            double rate = args.dbl("rate", 100);
            Path progress = Path.of(args.req("progress"));
            int per = total / communities;
            String[] slugs = new String[communities];
            for (int k = 0; k < communities; k++) {
                slugs[k] = "bench-f-" + run + "-" + k;
                putCommunity(gateway, slugs[k], "{\"api_key\": \"bench\"}");
            }
            for (String slug : slugs) {
                awaitRunner(gateway, slug, 120);
            }
            log("run %s: %d communities ready; sending %d hooks at %s/s, each community's in sequence", run,
                    communities, per * communities, f1(rate));
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Map<String, String> json = Map.of("Content-Type", "application/json");
            double period = 1e9 * communities / rate; // per community
            long start = System.nanoTime() + 200_000_000L;
            long startUs = epochMicros() + 200_000L;
            Thread[] threads = new Thread[communities];
            for (int k = 0; k < communities; k++) {
                final int c = k;
                threads[k] = new Thread(() -> {
                    try (Http http = new Http(target, 30_000)) {
                        long offset = (long) (period * c / communities);
                        for (int seq = 1; seq <= per; seq++) {
                            long intended = start + offset + (long) ((seq - 1) * period);
                            parkUntil(intended);
                            byte[] request = Http.request("POST", target, "/api/hooks/" + slugs[c] + "/tutorial",
                                    json, hookBody(run, "fault", seq, startUs + (intended - start) / 1000));
                            // a platform sends the next hook only once the previous one was accepted: that is the
                            // order the gateway promises to keep
                            try {
                                Response r = http.exchange(request);
                                if (r.status() != 200) {
                                    failed.incrementAndGet();
                                    log("hook %s #%d: %d %s", slugs[c], seq, r.status(), r.text());
                                }
                            } catch (IOException e) {
                                http.close();
                                failed.incrementAndGet();
                                log("hook %s #%d: %s", slugs[c], seq, e);
                            }
                            sent.incrementAndGet();
                        }
                    }
                }, "send-" + k);
                threads[k].start();
            }
            Thread reporter = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Files.writeString(progress, sent.get() + " " + failed.get() + "\n");
                        Thread.sleep(250);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            reporter.setDaemon(true);
            reporter.start();
            for (Thread t : threads) {
                t.join();
            }
            reporter.interrupt();
            reporter.join();
            Files.writeString(progress, sent.get() + " " + failed.get() + " done\n");
            double seconds = (System.nanoTime() - start) / 1e9;
            log("sent %d hooks in %.1f s (%d not accepted by the gateway)", sent.get(), seconds, failed.get());
            return failed.get() == 0 ? 0 : 1;
        }

        /**
         * Waits until every event arrived (or none new came for --timeout s), then checks:
         * <ul>
         * <li>ids: every (community, seq) reached the driver with a 2xx, under exactly one webhook-id, and the number
         * of distinct webhook-ids delivered equals the number of hooks;</li>
         * <li>order: per community, the receiver's 2xx deliveries in arrival order, without redeliveries (a 2xx for
         * a webhook-id already delivered), carry seq 1, 2, ..., n exactly; and no attempt of seq n (of any status)
         * arrives before seq n-1 was first delivered.</li>
         * </ul>
         */
        static int check(Args args) throws Exception {
            String receiver = args.str("receiver", "http://127.0.0.1:28095");
            String run = args.req("run");
            int communities = args.integer("communities", 20);
            int total = args.integer("total", 10_000);
            int timeout = args.integer("timeout", 180);
            Path kills = args.values.containsKey("kills") ? Path.of(args.values.get("kills")) : null;
            int per = total / communities;
            int expected = per * communities;

            long got = Hooks.awaitDelivered(receiver, run, "fault", expected, timeout);
            List<Attempt> all = Receiver.records(receiver, run);
            all.sort((a, b) -> Long.compare(a.receivedUs(), b.receivedUs()));

            Map<String, String> idToKey = new HashMap<>();
            Map<String, java.util.Set<String>> keyToIds = new HashMap<>();
            Map<String, Integer> failedBefore = new HashMap<>();
            java.util.Set<String> delivered = new java.util.HashSet<>();
            Map<String, Long> lastFirst = new HashMap<>(); // community -> last first-delivered seq
            Map<String, Long> lastFirstUs = new HashMap<>();
            Map<String, Long> maxCommunityGap = new HashMap<>();
            List<String> problems = new ArrayList<>();
            long injected = 0;
            long retries = 0;
            long duplicates = 0;
            long backwardsAttempts = 0;
            long maxGapUs = 0;
            long maxGapAtUs = 0;
            long prevUs = -1;
            long firstSentUs = Long.MAX_VALUE;
            long lastDeliveredUs = 0;
            for (Attempt a : all) {
                String key = a.community() + "#" + a.seq();
                firstSentUs = Math.min(firstSentUs, a.sentUs());
                if (prevUs >= 0 && a.receivedUs() - prevUs > maxGapUs) {
                    maxGapUs = a.receivedUs() - prevUs;
                    maxGapAtUs = prevUs;
                }
                prevUs = a.receivedUs();
                String known = idToKey.putIfAbsent(a.id(), key);
                if (known != null && !known.equals(key)) {
                    problems.add("webhook-id " + a.id() + " carried both " + known + " and " + key);
                }
                keyToIds.computeIfAbsent(key, x -> new java.util.HashSet<>()).add(a.id());
                if (a.status() == 500) {
                    injected++;
                }
                boolean isDelivery = a.status() / 100 == 2;
                if (!delivered.contains(a.id()) && failedBefore.containsKey(a.id())) {
                    retries++;
                }
                if (!isDelivery) {
                    failedBefore.merge(a.id(), 1, Integer::sum);
                }
                long last = lastFirst.getOrDefault(a.community(), 0L);
                if (delivered.contains(a.id())) {
                    if (isDelivery) {
                        duplicates++; // a redelivery of an event the driver already has: allowed
                    }
                    continue;
                }
                // not delivered before: it must be the next in its community
                if (a.seq() > last + 1) {
                    backwardsAttempts++;
                    if (problems.size() < 30) {
                        problems.add(String.format(Locale.ROOT, "order: %s seq %d %s while seq %d was the last "
                                + "delivered", a.community(), a.seq(), isDelivery ? "delivered" : "attempted", last));
                    }
                } else if (a.seq() <= last) {
                    if (problems.size() < 30) {
                        problems.add(String.format(Locale.ROOT, "order: %s seq %d first %s after seq %d (new id %s)",
                                a.community(), a.seq(), isDelivery ? "delivered" : "attempted", last, a.id()));
                    }
                    backwardsAttempts++;
                }
                if (isDelivery) {
                    delivered.add(a.id());
                    lastFirst.put(a.community(), Math.max(last, a.seq()));
                    Long prev = lastFirstUs.put(a.community(), a.receivedUs());
                    if (prev != null) {
                        maxCommunityGap.merge(a.community(), a.receivedUs() - prev, Math::max);
                    }
                    lastDeliveredUs = Math.max(lastDeliveredUs, a.receivedUs());
                }
            }
            long missing = 0;
            long multiId = 0;
            for (int c = 0; c < communities; c++) {
                String community = "bench-f-" + run + "-" + c;
                for (int s = 1; s <= per; s++) {
                    java.util.Set<String> ids = keyToIds.get(community + "#" + s);
                    if (ids == null || ids.stream().noneMatch(delivered::contains)) {
                        missing++;
                        if (problems.size() < 30) {
                            problems.add("missing: " + community + " seq " + s
                                    + (ids == null ? " never attempted" : " attempted, never delivered"));
                        }
                    } else if (ids.size() > 1) {
                        multiId++;
                        if (problems.size() < 30) {
                            problems.add("one hook, several webhook-ids: " + community + " seq " + s + " " + ids);
                        }
                    }
                }
            }
            long worstCommunityGap = maxCommunityGap.values().stream().mapToLong(Long::longValue).max().orElse(0);
            boolean idsOk = delivered.size() == expected && missing == 0 && multiId == 0;
            boolean orderOk = backwardsAttempts == 0;

            System.out.println();
            System.out.println("Fault test: " + expected + " hooks across " + communities + " communities (run "
                    + run + ")");
            String fmt = "| %-72s | %16s |%n";
            System.out.printf(Locale.ROOT, fmt, "figure", "value");
            System.out.printf(Locale.ROOT, fmt, dash(72), dash(16));
            System.out.printf(Locale.ROOT, fmt, "hooks accepted by the gateway", expected);
            System.out.printf(Locale.ROOT, fmt, "distinct webhook-ids delivered (2xx)", delivered.size());
            System.out.printf(Locale.ROOT, fmt, "hooks never delivered", missing);
            System.out.printf(Locale.ROOT, fmt, "hooks delivered under more than one webhook-id", multiId);
            System.out.printf(Locale.ROOT, fmt, "attempts seen by the receiver", all.size());
            System.out.printf(Locale.ROOT, fmt, "injected 500s (first attempts)", injected);
            System.out.printf(Locale.ROOT, fmt, "retries seen (attempts of an id after a failed one)", retries);
            System.out.printf(Locale.ROOT, fmt, "duplicates (2xx again for an id already delivered)", duplicates);
            System.out.printf(Locale.ROOT, fmt, "order violations (first attempts/deliveries out of seq)",
                    backwardsAttempts);
            System.out.printf(Locale.ROOT, fmt, "duration: first hook sent -> last first delivery (s)",
                    f1((lastDeliveredUs - firstSentUs) / 1e6));
            System.out.printf(Locale.ROOT, fmt, "max gap between any two attempts at the receiver (s)",
                    f1(maxGapUs / 1e6) + " at +" + f1((maxGapAtUs - firstSentUs) / 1e6));
            System.out.printf(Locale.ROOT, fmt, "max gap between first deliveries of one community (s)",
                    f1(worstCommunityGap / 1e6));
            if (kills != null && Files.exists(kills)) {
                for (String line : Files.readAllLines(kills)) {
                    String[] f = line.trim().split("\\s+"); // epochUs name pid readyUs
                    if (f.length < 4) {
                        continue;
                    }
                    long killUs = Long.parseLong(f[0]);
                    boolean runner = f[1].contains("runner");
                    // the longest pause, starting within 2 s of the kill, in what the killed service does: the
                    // dispatcher's POSTs (receipt times), the runner's events (their own publish timestamps)
                    long[] times = all.stream().mapToLong(a -> runner ? a.eventUs() : a.receivedUs())
                            .filter(t -> t > 0).sorted().distinct().toArray();
                    long stall = 0;
                    for (int i = 1; i < times.length; i++) {
                        if (times[i] > killUs && times[i - 1] <= killUs + 2_000_000L
                                && times[i] - Math.max(times[i - 1], killUs) > stall) {
                            stall = times[i] - Math.max(times[i - 1], killUs);
                        }
                    }
                    System.out.printf(Locale.ROOT, fmt, String.format(Locale.ROOT, "kill -%s %s at +%.1f s: ready "
                            + "again after / its %s paused for (s)", f.length > 4 ? f[4] : "9", f[1], (killUs - firstSentUs) / 1e6,
                            runner ? "events" : "deliveries"),
                            f1((Long.parseLong(f[3]) - killUs) / 1e6) + " / " + f1(stall / 1e6));
                }
            }
            System.out.println();
            System.out.println("Checks:");
            System.out.printf(Locale.ROOT, "  [%s] every event arrives: distinct webhook-ids delivered = %d (want %d), "
                    + "none missing, one id per hook%n", idsOk ? "PASS" : "FAIL", delivered.size(), expected);
            System.out.printf(Locale.ROOT, "  [%s] order within each community: ignoring redeliveries (a 2xx for an "
                    + "id already delivered), the receiver's attempts per community carry seq 1..%d without going "
                    + "back or skipping ahead; %d violations%n", orderOk ? "PASS" : "FAIL", per, backwardsAttempts);
            if (!problems.isEmpty()) {
                System.out.println("First problems:");
                problems.stream().limit(30).forEach(p -> System.out.println("  " + p));
            }
            if (got < expected) {
                System.out.println("  (gave up waiting: no new delivery for " + timeout + " s)");
            }
            System.out.println();
            return idsOk && orderOk ? 0 : 1;
        }
    }
}
