package org.metagov.bench.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Progress lines: {@code [bench HH:MM:SS.mmmZ] ...} on stdout, flushed at once (run.sh interleaves its own). */
public final class Log {
    private Log() {
    }

    public static void log(String format, Object... args) {
        System.out.println("[bench " + now() + "] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static String now() {
        return DateTimeFormatter.ISO_LOCAL_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)).substring(0, 12) + "Z";
    }
}
