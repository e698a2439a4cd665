package org.metagov.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads values out of a Prometheus scrape ({@code GET /q/metrics}), so that a test can wait on what a service
 * exposes (a counter that moved, a gauge at zero) instead of on time.
 */
public final class PrometheusScrape {

    private PrometheusScrape() {
    }

    /**
     * The sum of the samples of {@code name} (as exported: {@code metagov_process_updates_total}) whose labels
     * include every {@code "key=value"} given; 0 when there is none.
     */
    public static double sum(String scrape, String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            wanted.put(label.substring(0, eq), label.substring(eq + 1));
        }
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String sampleName = brace > 0 ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
            if (sampleName.equals(name) && labels(line, brace).entrySet().containsAll(wanted.entrySet())) {
                sum += Double.parseDouble(line.substring(space + 1));
            }
        }
        return sum;
    }

    private static Map<String, String> labels(String line, int brace) {
        Map<String, String> labels = new HashMap<>();
        if (brace < 0) {
            return labels;
        }
        int end = line.indexOf('}', brace);
        // label values here are plain (tags we set): no escaped quotes or commas inside them
        for (String pair : line.substring(brace + 1, end).split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 2, pair.length() - 1));
            }
        }
        return labels;
    }
}
