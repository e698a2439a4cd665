package org.metagov.bench.stats;

import java.util.Locale;

/** How figures are printed: milliseconds with 2 decimals, microseconds and rates with 1; "-" for no value. */
public final class Format {
    private Format() {
    }

    public static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    public static String us(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1e3);
    }

    public static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    public static String dash(int n) {
        return "-".repeat(n);
    }
}
