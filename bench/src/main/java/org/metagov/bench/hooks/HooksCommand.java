package org.metagov.bench.hooks;

import static org.metagov.bench.cli.Log.log;
import static org.metagov.bench.stats.Format.f1;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.metagov.bench.cli.Options;
import org.metagov.bench.cpu.CpuSampler;
import org.metagov.bench.http.KeepAliveConnection;
import org.metagov.bench.load.ClosedLoop;
import org.metagov.bench.load.LoadResult;
import org.metagov.bench.load.LoadTable;
import org.metagov.bench.load.OpenLoop;
import org.metagov.bench.load.RequestFactory;
import org.metagov.bench.load.Timing;
import org.metagov.bench.receiver.ReceiverClient;
import org.metagov.bench.stack.StackSetup;

/**
 * The command {@code hooks}: webhook-to-driver latency at a fixed rate (after a warm-up), then hook ingest beside a
 * no-op endpoint of the same gateway (closed loop), once more with runner and dispatcher stopped (SIGSTOP), and how
 * fast the pipeline drains the ingest bursts. The latency figures come from the driver receiver's records
 * ({@link HookLatencyReport}).
 */
public final class HooksCommand {
    private HooksCommand() {
    }

    public static int run(Options options) throws Exception {
        String gateway = options.str("gateway", "http://localhost:28080");
        String receiver = options.str("receiver", "http://127.0.0.1:28095");
        URI target = URI.create(gateway);
        String run = options.str("run", StackSetup.randomRun());
        int communities = options.integer("communities", 20);
        int connections = options.integer("connections", 32);
        int ingestConnections = options.integer("ingest-connections", 128);
        double ingestSeconds = options.dbl("ingest-duration", 15);
        double rate = options.dbl("rate", 500);
        double latencySeconds = options.dbl("duration", 20);
        double warmup = options.dbl("warmup", 15);
        int drainSeconds = options.integer("drain-timeout", 120);

        String[] slugs = StackSetup.tutorialCommunities(gateway, "bench-h-" + run + "-", communities);
        log("run %s: %d communities ready", run, communities);
        CpuSampler cpu = CpuSampler.of(options);

        Map<String, String> json = Map.of("Content-Type", "application/json");
        RequestFactory noop = (i, t) -> KeepAliveConnection.request("GET", target, "/q/health/live", null, null);
        String[] phase = {"warm"};
        RequestFactory hook = (i, t) -> KeepAliveConnection.request("POST", target, "/api/hooks/"
                + slugs[(int) (i % communities)] + "/tutorial", json, StackSetup.hookBody(run, phase[0], i, t));

        // 1. webhook-to-driver latency at a fixed rate, after a warm-up of the whole path
        log("warm-up: %s s of hooks at %s/s", f1(warmup), f1(Math.min(rate, 250)));
        LoadResult warm = OpenLoop.run("warm-up hooks (not counted)", target, Math.min(rate, 250), warmup,
                connections, hook);
        ReceiverClient.awaitDelivered(receiver, run, "warm", warm.ok, drainSeconds);
        cpu.baseline(options.dbl("idle", 10));
        phase[0] = "lat";
        log("latency: %s s of hooks at %s/s", f1(latencySeconds), f1(rate));
        cpu.start();
        LoadResult latency = OpenLoop.run("gateway POST /api/hooks (at fixed rate)", target, rate, latencySeconds,
                connections, hook);
        long drainStart = System.nanoTime();
        long delivered = ReceiverClient.awaitDelivered(receiver, run, "lat", latency.ok, drainSeconds);
        double drained = (System.nanoTime() - drainStart) / 1e9;
        String latencyCpu = cpu.report(latency.sent);

        // 2. ingest vs no-op, closed loop: as many requests as the gateway answers on `connections` connections
        log("no-op: GET /q/health/live, %d connections, %s s", ingestConnections, f1(ingestSeconds));
        ClosedLoop.run("no-op warm-up", target, ingestConnections, 3, noop);
        cpu.start();
        LoadResult noopResult = ClosedLoop.run("gateway GET /q/health/live (no-op)", target, ingestConnections,
                ingestSeconds, noop);
        String noopCpu = cpu.report(noopResult.sent);
        phase[0] = "ingest";
        log("ingest: POST /api/hooks, %d connections, %s s", ingestConnections, f1(ingestSeconds));
        cpu.start();
        LoadResult ingest = ClosedLoop.run("gateway POST /api/hooks (ingest)", target, ingestConnections,
                ingestSeconds, hook);
        String ingestCpu = cpu.report(ingest.sent);

        // 2b. the same with the pipeline behind the gateway stopped (SIGSTOP): on this one machine runner and
        // dispatcher drain the burst on the cores the gateway needs; in a cluster they run elsewhere
        List<String> paused = Arrays.stream(options.str("ingest-paused", "runner,dispatcher").split(","))
                .filter(name -> !name.isBlank() && cpu.pids.containsKey(name)).toList();
        LoadResult ingestAlone = null;
        String ingestAloneCpu = null;
        if (!paused.isEmpty()) {
            log("ingest again with %s stopped (SIGSTOP), %d connections, %s s", paused, ingestConnections,
                    f1(ingestSeconds));
            signal("STOP", paused, cpu);
            try {
                cpu.start();
                ingestAlone = ClosedLoop.run("  the same, " + String.join("+", paused) + " stopped", target,
                        ingestConnections, ingestSeconds, hook);
                ingestAloneCpu = cpu.report(ingestAlone.sent);
            } finally {
                signal("CONT", paused, cpu);
            }
        }

        System.out.println();
        System.out.println("Hook ingest vs a no-op endpoint of the same gateway (closed loop, " + ingestConnections
                + " connections, " + f1(ingestSeconds) + " s each):");
        LoadTable.header();
        LoadTable.row(noopResult);
        LoadTable.row(ingest);
        if (ingestAlone != null) {
            LoadTable.row(ingestAlone);
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
            System.out.println("  ingest, " + String.join("+", paused) + " stopped: " + ingestAloneCpu.substring(2));
        }
        System.out.println();

        // 3. the latency figures from the receiver's records
        HookLatencyReport.print(receiver, run, rate, latencySeconds, communities, warm, latency, delivered, drained,
                latencyCpu);

        // 4. what the pipeline behind the gateway made of the ingest burst (not a gate, for the record)
        int ingestDrain = options.integer("ingest-drain-timeout", 45);
        long ingested = ingest.ok + (ingestAlone == null ? 0 : ingestAlone.ok);
        if (ingestDrain > 0) {
            long startCount = ReceiverClient.count(receiver, run, "ingest")[0];
            long t0 = System.nanoTime();
            long got = startCount;
            while (got < ingested && System.nanoTime() - t0 < ingestDrain * 1_000_000_000L) {
                Timing.sleep(500);
                got = ReceiverClient.count(receiver, run, "ingest")[0];
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
    static void signal(String signal, List<String> names, CpuSampler cpu) throws Exception {
        for (String name : names) {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(cpu.pids.get(name))).inheritIO().start()
                    .waitFor();
        }
    }
}
