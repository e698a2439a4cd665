package org.metagov.bench.stats;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds, recorded in an HdrHistogram (3 significant digits: a percentile is at most 0.1% above
 * the recorded value and never above the maximum; auto-resizing, so no upper bound). The maximum is kept exactly beside it. A negative latency
 * (clocks of two processes, a missing timestamp) is recorded as 0 and counted in {@link #negatives()}.
 */
public final class LatencyHistogram {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram;
    private final LongAccumulator max = new LongAccumulator(Math::max, -1);
    private final LongAdder negatives = new LongAdder();

    private LatencyHistogram(Histogram histogram) {
        this.histogram = histogram;
    }

    /** For one recording thread at a time. */
    public static LatencyHistogram create() {
        return new LatencyHistogram(new Histogram(SIGNIFICANT_DIGITS));
    }

    /** For many recording threads at once (wait-free recording). */
    public static LatencyHistogram concurrent() {
        return new LatencyHistogram(new ConcurrentHistogram(SIGNIFICANT_DIGITS));
    }

    public static LatencyHistogram ofNanos(long[] nanos) {
        LatencyHistogram h = create();
        for (long n : nanos) {
            h.recordNanos(n);
        }
        return h;
    }

    public void recordNanos(long nanos) {
        if (nanos < 0) {
            negatives.increment();
            nanos = 0;
        }
        histogram.recordValue(nanos);
        max.accumulate(nanos);
    }

    public void add(LatencyHistogram other) {
        histogram.add(other.histogram);
        max.accumulate(other.max.get());
        negatives.add(other.negatives.sum());
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /**
     * The latency at quantile q (0.5 = median, 0.999), in nanoseconds; -1 when nothing was recorded. HdrHistogram
     * answers with the top of the value's bucket, so it is capped at the exact maximum (p99.9 never above max).
     */
    public long percentileNanos(double q) {
        return count() == 0 ? -1 : Math.min(histogram.getValueAtPercentile(q * 100.0), max.get());
    }

    /** The largest latency recorded, exactly; -1 when nothing was recorded. */
    public long maxNanos() {
        return count() == 0 ? -1 : max.get();
    }

    public double meanNanos() {
        return histogram.getMean();
    }

    public long negatives() {
        return negatives.sum();
    }
}
