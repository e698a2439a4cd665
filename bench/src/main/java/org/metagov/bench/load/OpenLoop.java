package org.metagov.bench.load;

import static org.metagov.bench.cli.Log.log;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

import org.metagov.bench.http.KeepAliveConnection;
import org.metagov.bench.stats.LatencyHistogram;

/**
 * A fixed rate, open loop (wrk2's way): request i is due at start + i/rate whatever happened to earlier ones, and its
 * latency counts from that due time, so a stalled server or a lagging client shows as latency (no coordinated
 * omission). Requests wait in a queue for one of the workers (one connection each); the wait counts.
 */
public final class OpenLoop {
    private OpenLoop() {
    }

    public static LoadResult run(String label, URI target, double rate, double seconds, int connections,
            RequestFactory factory) throws InterruptedException {
        int n = (int) Math.round(rate * seconds);
        double period = 1e9 / rate;
        long start = System.nanoTime() + 100_000_000L;
        long startEpochMicros = Timing.epochMicros() + 100_000L;
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        AtomicBoolean pacing = new AtomicBoolean(true);
        LongAccumulator maxLag = new LongAccumulator(Math::max, 0);
        LongAccumulator lastDone = new LongAccumulator(Math::max, start);
        AtomicLong ok = new AtomicLong();
        AtomicLong non2xx = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        LatencyHistogram latencies = LatencyHistogram.concurrent();
        CountDownLatch finished = new CountDownLatch(connections);
        List<KeepAliveConnection> clients = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            KeepAliveConnection http = new KeepAliveConnection(target, 10_000);
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
                        maxLag.accumulate(System.nanoTime() - intended);
                        byte[] request = factory.build(i, startEpochMicros + (long) (i * period / 1000));
                        int code;
                        try {
                            code = http.exchange(request).status();
                        } catch (IOException e) {
                            http.close();
                            code = -1;
                        }
                        long end = System.nanoTime();
                        lastDone.accumulate(end);
                        if (code < 0) {
                            errors.incrementAndGet();
                        } else if (code / 100 == 2) {
                            latencies.recordNanos(end - intended);
                            ok.incrementAndGet();
                        } else {
                            non2xx.incrementAndGet();
                        }
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
            Timing.parkUntil(start + (long) (i * period));
            queue.add(i);
        }
        pacing.set(false);
        boolean all = finished.await(30, TimeUnit.SECONDS);
        clients.forEach(KeepAliveConnection::close);
        long answered = ok.get() + non2xx.get();
        long failed = errors.get();
        if (!all) {
            log("%s: %d requests had no answer 30 s after the last was due", label, n - answered - failed);
        }
        // a request still unanswered when the step ends counts as an error
        long unanswered = Math.max(0, n - answered - failed);
        LatencyHistogram snapshot = LatencyHistogram.create();
        snapshot.add(latencies);
        return new LoadResult(label, rate, n, ok.get(), non2xx.get(), failed + unanswered,
                Math.max(1e-9, (lastDone.get() - start) / 1e9), snapshot, maxLag.get());
    }
}
