package org.metagov.bench.actions;

import static org.metagov.bench.cli.Log.log;
import static org.metagov.bench.load.Timing.sleep;
import static org.metagov.bench.stats.Format.f1;
import static org.metagov.bench.stats.Format.ms;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.metagov.bench.cli.Options;
import org.metagov.bench.cpu.CpuSampler;
import org.metagov.bench.http.KeepAliveConnection;
import org.metagov.bench.load.LoadResult;
import org.metagov.bench.load.LoadTable;
import org.metagov.bench.load.OpenLoop;
import org.metagov.bench.load.RequestFactory;
import org.metagov.bench.stack.StackSetup;

/**
 * The command {@code actions}: {@code POST /api/internal/action/tutorial.times-two} through the stack at fixed rates
 * (open loop), after a warm-up at 300/s, with CPU per process for each step.
 */
public final class ActionsCommand {
    private ActionsCommand() {
    }

    public static int run(Options options) throws Exception {
        String gateway = options.str("gateway", "http://localhost:28080");
        URI target = URI.create(gateway);
        String slug = options.str("community", "bench-actions-" + StackSetup.randomRun());
        double duration = options.dbl("duration", 20);
        double warmup = options.dbl("warmup", 20);
        int connections = options.integer("connections", 64);
        String[] rates = options.str("rates", "200,500,1000").split(",");

        StackSetup.putCommunity(gateway, slug, "{\"api_key\": \"bench\"}");
        StackSetup.awaitRunner(gateway, slug, 120);
        log("community %s ready; warming up %s s at 300/s", slug, f1(warmup));

        String path = "/api/internal/action/tutorial.times-two";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Metagov-Community", slug);
        headers.put("Content-Type", "application/json");
        RequestFactory factory = (i, t) -> KeepAliveConnection.request("POST", target, path, headers,
                ("{\"parameters\": {\"value\": " + (i % 1000) + "}}").getBytes(StandardCharsets.UTF_8));
        CpuSampler cpu = CpuSampler.of(options);
        cpu.start();
        LoadResult warm = OpenLoop.run("warm-up (not counted)", target, 300, warmup, connections, factory);
        List<String> cpuLines = new ArrayList<>();
        String warmCpu = cpu.report(warm.sent);
        // idle after the warm-up: right after a start the broker and the JITs are still busy with themselves
        cpu.baseline(options.dbl("idle", 10));
        cpuLines.add("warm-up:" + warmCpu.substring(1) + " (per request: before the idle baseline was known)");

        List<LoadResult> results = new ArrayList<>();
        for (String rate : rates) {
            double r = Double.parseDouble(rate.trim());
            log("driving %s/s for %s s", f1(r), f1(duration));
            cpu.start();
            LoadResult result = OpenLoop.run("gateway POST tutorial.times-two", target, r, duration, connections,
                    factory);
            results.add(result);
            cpuLines.add("at " + f1(r) + "/s:" + cpu.report(result.sent).substring(1));
            sleep(2000);
        }
        System.out.println();
        System.out.println("Actions through the stack (open loop, latency from the intended send time, "
                + connections + " client connections):");
        LoadTable.header();
        LoadTable.row(warm);
        results.forEach(LoadTable::row);
        for (LoadResult r : results) {
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
