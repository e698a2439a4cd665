package org.metagov.bench.load;

import org.metagov.bench.stats.LatencyHistogram;

/** What one load step did: counts by outcome, its duration, the 2xx latencies. */
public final class LoadResult {
    public final String label;
    /** Requests per second asked for; 0 for a closed loop. */
    public final double targetRate;
    public final long sent;
    public final long ok;
    public final long non2xx;
    /** Connection errors, timeouts, and requests without an answer when the step ended. */
    public final long errors;
    /** From the first (intended) send to the last response. */
    public final double seconds;
    /** Of the 2xx answers only. */
    public final LatencyHistogram latencies;
    /** How late the client sent relative to the schedule (open loop), nanoseconds. */
    public final long maxSendLagNanos;

    LoadResult(String label, double targetRate, long sent, long ok, long non2xx, long errors, double seconds,
            LatencyHistogram latencies, long maxSendLagNanos) {
        this.label = label;
        this.targetRate = targetRate;
        this.sent = sent;
        this.ok = ok;
        this.non2xx = non2xx;
        this.errors = errors;
        this.seconds = seconds;
        this.latencies = latencies;
        this.maxSendLagNanos = maxSendLagNanos;
    }

    /** Answered requests (2xx or not) per second. */
    public double achieved() {
        return (ok + non2xx) / seconds;
    }
}
