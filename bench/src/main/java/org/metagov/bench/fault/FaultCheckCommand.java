package org.metagov.bench.fault;

import static org.metagov.bench.stats.Format.dash;
import static org.metagov.bench.stats.Format.f1;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.metagov.bench.cli.Options;
import org.metagov.bench.receiver.Attempt;
import org.metagov.bench.receiver.ReceiverClient;

/**
 * The command {@code fault-check}: waits until every event arrived at the receiver (or none new came for --timeout
 * s), checks ids and order ({@link DeliveryAnalysis}), prints the figures and, per line of --kills, how long the
 * killed service took to be ready and how long its work paused. Exit 1 when a check fails.
 */
public final class FaultCheckCommand {
    private static final String ROW = "| %-72s | %16s |%n";

    private FaultCheckCommand() {
    }

    public static int run(Options options) throws Exception {
        String receiver = options.str("receiver", "http://127.0.0.1:28095");
        String run = options.required("run");
        int communities = options.integer("communities", 20);
        int total = options.integer("total", 10_000);
        int timeout = options.integer("timeout", 180);
        Path kills = options.has("kills") ? Path.of(options.required("kills")) : null;
        int per = total / communities;
        int expected = per * communities;

        long got = ReceiverClient.awaitDelivered(receiver, run, "fault", expected, timeout);
        List<Attempt> all = ReceiverClient.records(receiver, run);
        all.sort(Comparator.comparingLong(Attempt::receivedUs));
        DeliveryAnalysis d = new DeliveryAnalysis(all, run, communities, per);
        boolean idsOk = d.idsOk(expected);
        boolean orderOk = d.orderOk();

        System.out.println();
        System.out.println("Fault test: " + expected + " hooks across " + communities + " communities (run " + run
                + ")");
        row("figure", "value");
        row(dash(72), dash(16));
        row("hooks accepted by the gateway", expected);
        row("distinct webhook-ids delivered (2xx)", d.delivered.size());
        row("hooks never delivered", d.missing);
        row("hooks delivered under more than one webhook-id", d.multiId);
        row("attempts seen by the receiver", all.size());
        row("injected 500s (first attempts)", d.injected);
        row("retries seen (attempts of an id after a failed one)", d.retries);
        row("duplicates (2xx again for an id already delivered)", d.duplicates);
        row("order violations (first attempts/deliveries out of seq)", d.orderViolations);
        row("duration: first hook sent -> last first delivery (s)",
                f1((d.lastDeliveredUs - d.firstSentUs) / 1e6));
        row("max gap between any two attempts at the receiver (s)",
                f1(d.maxGapUs / 1e6) + " at +" + f1((d.maxGapAtUs - d.firstSentUs) / 1e6));
        row("max gap between first deliveries of one community (s)", f1(d.worstCommunityGapUs / 1e6));
        if (kills != null && Files.exists(kills)) {
            for (String line : Files.readAllLines(kills)) {
                String[] f = line.trim().split("\\s+"); // epochUs name pid readyUs [signal]
                if (f.length < 4) {
                    continue;
                }
                long killUs = Long.parseLong(f[0]);
                boolean runner = f[1].contains("runner");
                long stall = d.pauseAfter(killUs, runner);
                row(String.format(Locale.ROOT, "kill -%s %s at +%.1f s: ready again after / its %s paused for (s)",
                        f.length > 4 ? f[4] : "9", f[1], (killUs - d.firstSentUs) / 1e6,
                        runner ? "events" : "deliveries"),
                        f1((Long.parseLong(f[3]) - killUs) / 1e6) + " / " + f1(stall / 1e6));
            }
        }
        System.out.println();
        System.out.println("Checks:");
        System.out.printf(Locale.ROOT, "  [%s] every event arrives: distinct webhook-ids delivered = %d (want %d), "
                + "none missing, one id per hook%n", idsOk ? "PASS" : "FAIL", d.delivered.size(), expected);
        System.out.printf(Locale.ROOT, "  [%s] order within each community: ignoring redeliveries (a 2xx for an "
                + "id already delivered), the receiver's attempts per community carry seq 1..%d without going "
                + "back or skipping ahead; %d violations%n", orderOk ? "PASS" : "FAIL", per, d.orderViolations);
        if (!d.problems.isEmpty()) {
            System.out.println("First problems:");
            d.problems.stream().limit(DeliveryAnalysis.MAX_PROBLEMS).forEach(p -> System.out.println("  " + p));
        }
        if (got < expected) {
            System.out.println("  (gave up waiting: no new delivery for " + timeout + " s)");
        }
        System.out.println();
        return idsOk && orderOk ? 0 : 1;
    }

    private static void row(String figure, Object value) {
        System.out.printf(Locale.ROOT, ROW, figure, value);
    }
}
