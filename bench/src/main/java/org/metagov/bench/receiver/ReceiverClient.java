package org.metagov.bench.receiver;

import static org.metagov.bench.cli.Log.log;
import static org.metagov.bench.load.Timing.sleep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.metagov.bench.http.SetupCalls;

/** What the {@link DriverReceiver} at a URL saw, asked over HTTP. */
public final class ReceiverClient {
    private ReceiverClient() {
    }

    public static List<Attempt> records(String receiver, String run) throws IOException {
        String text = SetupCalls.call("GET", receiver + "/records?run=" + run, null, null).text();
        List<Attempt> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(Attempt.parse(line));
            }
        }
        return out;
    }

    /** [distinct ids delivered, attempts, last attempt epoch us] for a run (and phase, if not null). */
    public static long[] count(String receiver, String run, String phase) throws IOException {
        String[] f = SetupCalls.call("GET", receiver + "/count?run=" + run + (phase == null ? "" : "&phase=" + phase),
                null, null).text().trim().split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    /** Waits until `expected` distinct events of the phase arrived, or nothing new came for `timeout` s. */
    public static long awaitDelivered(String receiver, String run, String phase, long expected, int timeout)
            throws IOException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long got = count(receiver, run, phase)[0];
            if (got >= expected) {
                return got;
            }
            if (got != last) {
                last = got;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > timeout * 1_000_000_000L) {
                log("phase %s: %d of %d events at the receiver, none new for %d s", phase, got, expected, timeout);
                return got;
            }
            sleep(200);
        }
    }
}
