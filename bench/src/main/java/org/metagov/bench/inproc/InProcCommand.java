package org.metagov.bench.inproc;

import static org.metagov.bench.cli.Log.log;
import static org.metagov.bench.stats.Format.dash;
import static org.metagov.bench.stats.Format.f1;
import static org.metagov.bench.stats.Format.us;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.metagov.bench.cli.Options;
import org.metagov.bench.load.Timing;
import org.metagov.bench.stats.LatencyHistogram;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.BenchmarkResultMetaData;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * The command {@code inproc}: the action in-process, beside the stack's figures. Rows 1-3 are
 * {@link ActionInProcessBenchmark} run by JMH (forks inherit this JVM's options: run it with the services'); row 4
 * calls (3) at a fixed rate from each call's due time in this JVM, latencies in an HdrHistogram.
 */
public final class InProcCommand {
    private static final String ROW = "| %-44s | %9s | %10s | %8s | %8s | %8s | %8s |%n";
    private static final Map<String, String> LABELS = Map.of(
            "methodCall", "in-process: method call (reflection)",
            "requestReplyJson", "in-process: + request/reply JSON",
            "requestReplyJsonOnPluginThread", "in-process: + JSON + plugin thread hand-off");

    private InProcCommand() {
    }

    public static int run(Options options) throws Exception {
        Path app = Path.of(options.required("runner-app")).toAbsolutePath(); // plugin-runner-service/target/quarkus-app
        if (options.has("iterations")) {
            log("--iterations no longer applies: JMH measures by time (--jmh-iterations, --jmh-seconds)");
        }
        int forks = options.integer("jmh-forks", 1);
        int warmups = options.integer("jmh-warmup-iterations", 3);
        int iterations = options.integer("jmh-iterations", 5);
        double iterationSeconds = options.dbl("jmh-seconds", 2);
        TimeValue iterationTime = TimeValue.milliseconds((long) (iterationSeconds * 1000));
        ChainedOptionsBuilder jmh = new OptionsBuilder()
                .include(ActionInProcessBenchmark.class.getName().replace(".", "\\.") + "\\.")
                .param("runnerApp", app.toString())
                .forks(forks).warmupIterations(warmups).warmupTime(iterationTime)
                .measurementIterations(iterations).measurementTime(iterationTime)
                .shouldFailOnError(true);
        String jmhLog = options.str("jmh-log", null);
        if (jmhLog != null) {
            jmh.output(jmhLog).verbosity(VerboseMode.NORMAL);
        } else {
            jmh.verbosity(VerboseMode.SILENT);
        }
        log("JMH: %d fork(s), %d warm-up + %d measurement iterations of %s s per benchmark%s", forks, warmups,
                iterations, f1(iterationSeconds), jmhLog == null ? "" : "; its log in " + jmhLog);
        Collection<RunResult> results = new Runner(jmh.build()).run();

        List<String[]> rows = new ArrayList<>();
        for (String method : List.of("methodCall", "requestReplyJson", "requestReplyJsonOnPluginThread")) {
            RunResult result = results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                    .findFirst().orElseThrow(() -> new IllegalStateException("JMH gave no result for " + method));
            rows.add(jmhRow(LABELS.get(method), result));
        }
        double rate = options.dbl("rate", 1000);
        double seconds = options.dbl("duration", 10);
        try (TutorialAction action = TutorialAction.load(app)) {
            rows.add(fixedRate("in-process: JSON + hand-off at " + (int) rate + "/s", action, rate, seconds));
        }

        System.out.println("The same action in-process (TutorialPlugin from the runner's jars; JVM flags: "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + "; rows 1-3 by JMH, "
                + forks + " fork(s) x " + iterations + " x " + f1(iterationSeconds) + " s, SampleTime):");
        System.out.printf(Locale.ROOT, ROW, "what", "calls", "calls/s", "p50 us", "p90 us", "p99 us", "max us");
        System.out.printf(Locale.ROOT, ROW, dash(44), dash(9), dash(10), dash(8), dash(8), dash(8), dash(8));
        for (String[] r : rows) {
            System.out.printf(Locale.ROOT, ROW, (Object[]) r);
        }
        System.out.println();
        return 0;
    }

    /**
     * calls: the calls JMH made in the measurement iterations; calls/s: those over the measurement's wall time;
     * percentiles and max: of the call times JMH sampled (SampleTime times every call it can, at most one at a time).
     */
    static String[] jmhRow(String label, RunResult result) {
        Statistics s = result.getPrimaryResult().getStatistics(); // microseconds (@OutputTimeUnit)
        long calls = 0;
        double millis = 0;
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            BenchmarkResultMetaData m = fork.getMetadata();
            if (m != null) { // null when JMH ran in this JVM (--jmh-forks 0)
                calls += m.getMeasurementOps();
                millis += m.getStopTime() - m.getMeasurementTime();
            }
        }
        String rate = millis > 0 ? f1(calls / (millis / 1000)) : f1(1e6 / s.getMean());
        return new String[] {label, calls > 0 ? Long.toString(calls) : "-", rate, micros(s.getPercentile(50)),
                micros(s.getPercentile(90)), micros(s.getPercentile(99)), micros(s.getMax())};
    }

    private static String micros(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Calls (3) at `rate` per second, each from its due time (a late call's wait counts), on this thread. */
    static String[] fixedRate(String label, TutorialAction action, double rate, double seconds) throws Exception {
        int n = (int) (rate * seconds);
        double period = 1e9 / rate;
        LatencyHistogram latencies = LatencyHistogram.create();
        long start = System.nanoTime() + 10_000_000L;
        for (int i = 0; i < n; i++) {
            long intended = start + (long) (i * period);
            Timing.parkUntil(intended);
            action.onPluginThread(i);
            latencies.recordNanos(System.nanoTime() - intended);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new String[] {label, Integer.toString(n), f1(n / elapsed), us(latencies.percentileNanos(0.5)),
                us(latencies.percentileNanos(0.9)), us(latencies.percentileNanos(0.99)), us(latencies.maxNanos())};
    }
}
