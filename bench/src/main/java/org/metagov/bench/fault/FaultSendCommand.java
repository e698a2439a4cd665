package org.metagov.bench.fault;

import static org.metagov.bench.cli.Log.log;
import static org.metagov.bench.stats.Format.f1;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.metagov.bench.cli.Options;
import org.metagov.bench.http.KeepAliveConnection;
import org.metagov.bench.http.Response;
import org.metagov.bench.load.Timing;
import org.metagov.bench.stack.StackSetup;

/**
 * The command {@code fault-send}: --total ordered hooks across --communities, --rate per second in all; each
 * community's hooks one after the other (the next only once the gateway accepted the previous), carrying their
 * sequence numbers. Writes "sent failed" to --progress every 250 ms ("... done" at the end); exit 1 if the gateway
 * refused any.
 */
public final class FaultSendCommand {
    private FaultSendCommand() {
    }

    public static int run(Options options) throws Exception {
        String gateway = options.str("gateway", "http://localhost:28080");
        URI target = URI.create(gateway);
        String run = options.required("run");
        int communities = options.integer("communities", 20);
        int total = options.integer("total", 10_000);
        double rate = options.dbl("rate", 100);
        Path progress = Path.of(options.required("progress"));
        int per = total / communities;
        String[] slugs = StackSetup.tutorialCommunities(gateway, "bench-f-" + run + "-", communities);
        log("run %s: %d communities ready; sending %d hooks at %s/s, each community's in sequence", run,
                communities, per * communities, f1(rate));
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        double period = 1e9 * communities / rate; // per community
        long start = System.nanoTime() + 200_000_000L;
        long startUs = Timing.epochMicros() + 200_000L;
        Thread[] threads = new Thread[communities];
        for (int k = 0; k < communities; k++) {
            final int c = k;
            threads[k] = new Thread(() -> {
                try (KeepAliveConnection http = new KeepAliveConnection(target, 30_000)) {
                    long offset = (long) (period * c / communities);
                    for (int seq = 1; seq <= per; seq++) {
                        long intended = start + offset + (long) ((seq - 1) * period);
                        Timing.parkUntil(intended);
                        byte[] request = KeepAliveConnection.request("POST", target, "/api/hooks/" + slugs[c]
                                + "/tutorial", json, StackSetup.hookBody(run, "fault", seq,
                                        startUs + (intended - start) / 1000));
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
}
