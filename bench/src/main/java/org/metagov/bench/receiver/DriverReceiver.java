package org.metagov.bench.receiver;

import static org.metagov.bench.cli.Log.log;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.metagov.bench.cli.Options;
import org.metagov.bench.load.Timing;

/**
 * The command {@code receiver}: a driver's event receiver (the stack's DRIVER_EVENT_RECEIVER_URL) that records every
 * attempt. {@code --mode fault} answers 500 to --fail-percent of first attempts per webhook-id. {@code GET /count}
 * and {@code GET /records} give what it saw to {@link ReceiverClient}.
 */
public final class DriverReceiver {
    static final Pattern COMMUNITY = Pattern.compile("\"community\"\\s*:\\s*\"([^\"]*)\"");
    static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*\"(\\d+)\\.(\\d+)\"");
    static final Pattern RUN = Pattern.compile("\"bench_run\"\\s*:\\s*\"([^\"]*)\"");
    static final Pattern PHASE = Pattern.compile("\"bench_phase\"\\s*:\\s*\"([^\"]*)\"");
    static final Pattern SEQ = Pattern.compile("\"bench_seq\"\\s*:\\s*(\\d+)");
    static final Pattern SENT = Pattern.compile("\"bench_sent_us\"\\s*:\\s*(\\d+)");

    private final List<Attempt> attempts = new ArrayList<>();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private final boolean faultMode;
    private final int failPermille;

    private DriverReceiver(boolean faultMode, int failPermille) {
        this.faultMode = faultMode;
        this.failPermille = failPermille;
    }

    public static int run(Options options) throws Exception {
        int port = options.integer("port", 28095);
        String mode = options.str("mode", "ok");
        int failPermille = (int) Math.round(options.dbl("fail-percent", 30) * 10);
        DriverReceiver receiver = new DriverReceiver("fault".equals(mode), failPermille);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/events", receiver::event);
        server.createContext("/count", receiver::count);
        server.createContext("/records", receiver::records);
        server.start();
        log("receiver on http://127.0.0.1:%d/events, mode %s%s", port, mode,
                "fault".equals(mode) ? ", 500 to " + (failPermille / 10.0) + "% of first attempts per webhook-id"
                        : "");
        Thread.currentThread().join();
        return 0;
    }

    private void event(HttpExchange exchange) throws IOException {
        long receivedUs = Timing.epochMicros();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        if (id == null) {
            id = "";
        }
        int status = 204;
        boolean first = seen.putIfAbsent(id, Boolean.TRUE) == null;
        if (faultMode && first && failPermille > 0 && bucket(id) < failPermille) {
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
    }

    /** "distinct ids delivered, attempts, last attempt epoch us" of a run (and phase). */
    private void count(HttpExchange exchange) throws IOException {
        String run = query(exchange.getRequestURI().getRawQuery(), "run");
        String phase = query(exchange.getRequestURI().getRawQuery(), "phase");
        Set<String> delivered = new HashSet<>();
        long total = 0;
        long last = 0;
        synchronized (attempts) {
            for (Attempt a : attempts) {
                if ((run == null || run.equals(a.run())) && (phase == null || phase.equals(a.phase()))) {
                    total++;
                    last = Math.max(last, a.receivedUs());
                    if (a.delivered()) {
                        delivered.add(a.id());
                    }
                }
            }
        }
        answer(exchange, delivered.size() + " " + total + " " + last + "\n");
    }

    /** Every attempt of a run, one tab-separated line each. */
    private void records(HttpExchange exchange) throws IOException {
        String run = query(exchange.getRequestURI().getRawQuery(), "run");
        StringBuilder sb = new StringBuilder();
        synchronized (attempts) {
            for (Attempt a : attempts) {
                if (run == null || run.equals(a.run())) {
                    sb.append(a.tsv()).append('\n');
                }
            }
        }
        answer(exchange, sb.toString());
    }

    private static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
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

    /** The event's {@code timestamp} ("seconds.fraction", set by the runner when it publishes) in epoch us. */
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
}
