package org.metagov.bench.load;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/** Wall-clock microseconds (carried in hook bodies, compared across processes) and waiting for a due time. */
public final class Timing {
    private Timing() {
    }

    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parks until System.nanoTime() reaches the due time. */
    public static void parkUntil(long nanoTime) {
        for (long left; (left = nanoTime - System.nanoTime()) > 0;) {
            LockSupport.parkNanos(left);
        }
    }
}
