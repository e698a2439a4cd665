package org.metagov.bench.hooks;

import static org.metagov.bench.stats.Format.dash;
import static org.metagov.bench.stats.Format.f1;
import static org.metagov.bench.stats.Format.ms;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.metagov.bench.load.LoadResult;
import org.metagov.bench.load.LoadTable;
import org.metagov.bench.receiver.Attempt;
import org.metagov.bench.receiver.ReceiverClient;
import org.metagov.bench.stats.LatencyHistogram;

/**
 * Webhook-to-driver latency of the fixed-rate phase, from the receiver's records: the first delivery of each event,
 * from the hook's intended send time; split at the event's timestamp (set by the runner when it publishes).
 */
final class HookLatencyReport {
    private static final String STAGE_ROW = "| %-44s | %7s | %7s | %7s | %7s | %7s | %8s |%n";

    private HookLatencyReport() {
    }

    static void print(String receiver, String run, double rate, double seconds, int communities, LoadResult warm,
            LoadResult latency, long delivered, double drained, String cpuLine) throws IOException {
        List<Attempt> records = ReceiverClient.records(receiver, run);
        Map<String, Attempt> first = new LinkedHashMap<>();
        long attempts = 0;
        for (Attempt a : records) {
            if (!"lat".equals(a.phase())) {
                continue;
            }
            attempts++;
            if (a.delivered()) {
                first.putIfAbsent(a.id(), a);
            }
        }
        LatencyHistogram endToEnd = LatencyHistogram.create();
        LatencyHistogram toRunner = LatencyHistogram.create();
        LatencyHistogram dispatch = LatencyHistogram.create();
        for (Attempt a : first.values()) {
            endToEnd.recordNanos((a.receivedUs() - a.sentUs()) * 1000);
            toRunner.recordNanos((a.eventUs() - a.sentUs()) * 1000);
            dispatch.recordNanos((a.receivedUs() - a.eventUs()) * 1000);
        }
        System.out.println("Webhook-to-driver latency at " + f1(rate) + " hooks/s for " + f1(seconds) + " s ("
                + communities + " communities; from the hook's intended send time to the receiver):");
        LoadTable.header();
        LoadTable.row(warm);
        LoadTable.row(latency);
        System.out.printf(Locale.ROOT, STAGE_ROW, "stage (first delivery of each event)", "events", "p50 ms",
                "p90 ms", "p99 ms", "p99.9ms", "max ms");
        System.out.printf(Locale.ROOT, STAGE_ROW, dash(44), dash(7), dash(7), dash(7), dash(7), dash(7), dash(8));
        stage("hook sent -> driver received (end to end)", endToEnd);
        stage("  hook sent -> runner published the event", toRunner);
        stage("  runner published -> driver received", dispatch);
        long negatives = toRunner.negatives() + dispatch.negatives() + endToEnd.negatives();
        if (negatives > 0) {
            System.out.printf(Locale.ROOT, "  note: %d stage times were negative (an event without its timestamp?) "
                    + "and count as 0%n", negatives);
        }
        System.out.printf(Locale.ROOT, "  %d of %d hooks reached the driver (%d attempts); drained %.1f s after "
                + "the last was sent; end-to-end p99 %s ms (aim <= 50)%n", delivered, latency.ok, attempts, drained,
                ms(endToEnd.percentileNanos(0.99)));
        System.out.println("  sending + draining " + cpuLine.substring(2));
    }

    private static void stage(String label, LatencyHistogram h) {
        System.out.printf(Locale.ROOT, STAGE_ROW, label, h.count(), ms(h.percentileNanos(0.5)),
                ms(h.percentileNanos(0.9)), ms(h.percentileNanos(0.99)), ms(h.percentileNanos(0.999)),
                ms(h.maxNanos()));
    }
}
