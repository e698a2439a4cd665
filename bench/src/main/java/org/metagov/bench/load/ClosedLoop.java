package org.metagov.bench.load;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

import org.metagov.bench.http.KeepAliveConnection;
import org.metagov.bench.stats.LatencyHistogram;

/** As fast as `connections` connections go (like wrk): each sends its next request once the last was answered. */
public final class ClosedLoop {
    private ClosedLoop() {
    }

    public static LoadResult run(String label, URI target, int connections, double seconds, RequestFactory factory)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        AtomicLong seq = new AtomicLong();
        Worker[] workers = new Worker[connections];
        Thread[] threads = new Thread[connections];
        for (int w = 0; w < connections; w++) {
            Worker worker = new Worker();
            workers[w] = worker;
            threads[w] = new Thread(() -> worker.run(target, deadline, seq, factory), "closed-" + w);
            threads[w].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long ok = 0;
        long non2xx = 0;
        long errors = 0;
        long end = start;
        LatencyHistogram latencies = LatencyHistogram.create();
        for (Worker w : workers) {
            ok += w.ok;
            non2xx += w.non2xx;
            errors += w.errors;
            end = Math.max(end, w.lastEnd);
            latencies.add(w.latencies);
        }
        return new LoadResult(label, 0, ok + non2xx + errors, ok, non2xx, errors,
                Math.max(1e-9, (end - start) / 1e9), latencies, 0);
    }

    /** One connection's loop; its figures are read after its thread ended. */
    private static final class Worker {
        final LatencyHistogram latencies = LatencyHistogram.create();
        long ok;
        long non2xx;
        long errors;
        long lastEnd;

        void run(URI target, long deadline, AtomicLong seq, RequestFactory factory) {
            try (KeepAliveConnection http = new KeepAliveConnection(target, 10_000)) {
                while (System.nanoTime() < deadline) {
                    byte[] request = factory.build(seq.getAndIncrement(), Timing.epochMicros());
                    long t0 = System.nanoTime();
                    int code;
                    try {
                        code = http.exchange(request).status();
                    } catch (IOException e) {
                        http.close();
                        code = -1;
                    }
                    long t1 = System.nanoTime();
                    lastEnd = t1;
                    if (code < 0) {
                        errors++;
                    } else if (code / 100 == 2) {
                        ok++;
                        latencies.recordNanos(t1 - t0);
                    } else {
                        non2xx++;
                    }
                }
            }
        }
    }
}
