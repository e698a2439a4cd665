package org.metagov.bench.cpu;

import static org.metagov.bench.cli.Log.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.metagov.bench.cli.Options;
import org.metagov.bench.load.Timing;

/**
 * CPU of the stack's processes while a step runs: each one's share of one core and its CPU milliseconds per request
 * above its own idle baseline, and how busy the whole machine was (others included). On a shared 2-core machine, CPU
 * per request is the figure that does not depend on the neighbours.
 */
public final class CpuSampler {
    /** Short name (gateway, runner, kafka, pg, bench, ...) to pid. */
    public final Map<String, Long> pids = new LinkedHashMap<>();
    /** Ticks per second of each process with no load, measured by {@link #baseline}. */
    private final Map<String, Double> idle = new HashMap<>();
    private Map<String, Long> before;
    private long[] machineBefore;
    private long wallBefore;

    /** --pids-dir DIR (the stack's pid files) and --pids name=pid,... ; the bench process itself as "bench". */
    public static CpuSampler of(Options options) throws IOException {
        CpuSampler cpu = new CpuSampler();
        String dir = options.str("pids-dir", null);
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
        for (String kv : options.str("pids", "").split(",")) {
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

    /** Measures what each process burns with nothing to do, so per-request figures can leave it out. */
    public void baseline(double seconds) {
        start();
        Timing.sleep((long) (seconds * 1000));
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

    public void start() {
        before = ticks();
        machineBefore = ProcStat.machineJiffies();
        wallBefore = System.nanoTime();
    }

    /** One line since {@link #start}: each process's share of one core and CPU ms per request; the machine's. */
    public String report(long requests) {
        Map<String, Long> after = ticks();
        long[] machineAfter = ProcStat.machineJiffies();
        double wall = (System.nanoTime() - wallBefore) / 1e9;
        double hz = ProcStat.TICKS_PER_SECOND;
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

    private Map<String, Long> ticks() {
        Map<String, Long> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, ProcStat.cpuTicksOfTree(pid)));
        return out;
    }
}
