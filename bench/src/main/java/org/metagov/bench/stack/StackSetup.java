package org.metagov.bench.stack;

import static org.metagov.bench.load.Timing.sleep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.metagov.bench.http.Response;
import org.metagov.bench.http.SetupCalls;

/** Setup through the gateway shared by the scenarios: communities with the tutorial plugin, tutorial hook bodies. */
public final class StackSetup {
    private StackSetup() {
    }

    /** A short random name for this run's communities and records. */
    public static String randomRun() {
        return Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
                + Integer.toString((int) (Math.random() * 1296), 36);
    }

    public static void putCommunity(String gateway, String slug, String pluginConfig) throws IOException {
        String body = "{\"name\": \"" + slug + "\", \"readable_name\": \"bench\", \"plugins\": "
                + "[{\"name\": \"tutorial\", \"config\": " + pluginConfig + "}]}";
        Response r = SetupCalls.call("PUT", gateway + "/api/internal/community/" + slug, null, body);
        if (r.status() != 201 && r.status() != 200) {
            throw new IllegalStateException("PUT community " + slug + ": " + r.status() + " " + r.text());
        }
    }

    /** The runner applies a community a moment after the PUT: wait until the action works there. */
    public static void awaitRunner(String gateway, String slug, int seconds) throws IOException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = SetupCalls.call("POST", gateway + "/api/internal/action/tutorial.times-two",
                    Map.of("X-Metagov-Community", slug), "{\"parameters\": {\"value\": 21}}");
            if (last.status() == 200 && last.text().contains("42")) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("the runner did not take up " + slug + " in " + seconds + " s: "
                + (last == null ? "" : last.status() + " " + last.text()));
    }

    /** Puts and awaits `count` tutorial communities named prefix + k. */
    public static String[] tutorialCommunities(String gateway, String prefix, int count) throws IOException {
        String[] slugs = new String[count];
        for (int k = 0; k < count; k++) {
            slugs[k] = prefix + k;
            putCommunity(gateway, slugs[k], "{\"api_key\": \"bench\"}");
        }
        for (String slug : slugs) {
            awaitRunner(gateway, slug, 120);
        }
        return slugs;
    }

    /**
     * The tutorial receiver's body; the runner forwards {@code data} as the event's data, so the driver's receiver
     * reads run, phase, sequence number and intended send time back.
     */
    public static byte[] hookBody(String run, String phase, long seq, long sentUs) {
        return ("{\"account\": \"bench\", \"data\": {\"bench_run\": \"" + run + "\", \"bench_phase\": \"" + phase
                + "\", \"bench_seq\": " + seq + ", \"bench_sent_us\": " + sentUs + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
