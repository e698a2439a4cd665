package org.metagov.bench.load;

import static org.metagov.bench.stats.Format.dash;
import static org.metagov.bench.stats.Format.f1;
import static org.metagov.bench.stats.Format.ms;

import java.util.Locale;

import org.metagov.bench.stats.LatencyHistogram;

/** The table of load steps the actions and hooks benches print (a Markdown table; latencies in ms). */
public final class LoadTable {
    private static final String ROW =
            "| %-44s | %7s | %7s | %7s | %5s | %5s | %9s | %7s | %7s | %7s | %7s | %8s |%n";

    private LoadTable() {
    }

    public static void header() {
        System.out.printf(Locale.ROOT, ROW, "what", "rate/s", "sent", "2xx", "non2x", "err", "achieved/s", "p50 ms",
                "p90 ms", "p99 ms", "p99.9ms", "max ms");
        System.out.printf(Locale.ROOT, ROW, dash(44), dash(7), dash(7), dash(7), dash(5), dash(5), dash(9), dash(7),
                dash(7), dash(7), dash(7), dash(8));
    }

    public static void row(LoadResult r) {
        LatencyHistogram l = r.latencies;
        System.out.printf(Locale.ROOT, ROW, r.label, r.targetRate > 0 ? f1(r.targetRate) : "closed", r.sent, r.ok,
                r.non2xx, r.errors, f1(r.achieved()), ms(l.percentileNanos(0.50)), ms(l.percentileNanos(0.90)),
                ms(l.percentileNanos(0.99)), ms(l.percentileNanos(0.999)), ms(l.maxNanos()));
        System.out.flush();
    }
}
