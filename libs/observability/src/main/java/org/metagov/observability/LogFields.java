package org.metagov.observability;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.MDC;

/**
 * The fields every log line carries where they are known (JSON logs in production: one field each, so a search by
 * community or event id finds every line of it). Ids and names only, never bodies or secrets. The trace id
 * ({@code traceId}, {@code spanId}) is put there by Quarkus OpenTelemetry.
 */
public final class LogFields implements AutoCloseable {

    public static final String COMMUNITY = "community";
    public static final String PLUGIN = "plugin";
    public static final String EVENT_ID = "eventId";
    public static final String PROCESS_ID = "processId";
    public static final String ACTION = "action";

    private final List<String> added = new ArrayList<>(4);
    private final List<Object> previous = new ArrayList<>(4);

    private LogFields() {
    }

    /** Puts {@code key, value, key, value...} (null values skipped) until {@link #close}, which restores them. */
    public static LogFields of(String... keysAndValues) {
        LogFields fields = new LogFields();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                fields.added.add(keysAndValues[i]);
                fields.previous.add(MDC.get(keysAndValues[i]));
                MDC.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return fields;
    }

    @Override
    public void close() {
        for (int i = added.size() - 1; i >= 0; i--) {
            if (previous.get(i) == null) {
                MDC.remove(added.get(i));
            } else {
                MDC.put(added.get(i), previous.get(i));
            }
        }
    }
}
