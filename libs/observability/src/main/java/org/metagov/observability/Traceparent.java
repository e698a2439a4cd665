package org.metagov.observability;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C {@code traceparent} of a trace where no instrumentation carries it on its own: an outbox row, a Kafka
 * record a hand-built consumer reads, a JDK HTTP request. Everything here is null-safe: without a valid span (tracing
 * off, or a record from before tracing) there is no traceparent and nothing is added.
 */
public final class Traceparent {

    public static final String HEADER = "traceparent";

    private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return java.util.List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private Traceparent() {
    }

    /** The current span as a traceparent ({@code 00-<trace>-<span>-<flags>}), or null when there is none. */
    public static String current() {
        return of(Span.current().getSpanContext());
    }

    public static String of(SpanContext context) {
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The context whose parent is {@code traceparent}; the root context when it is null or malformed. */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, ONE_VALUE);
    }

    /** The traceparent header of a Kafka record (the SmallRye producers and ours write it), or null. */
    public static String of(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Writes the current span's traceparent into a Kafka record's headers, replacing one it had. */
    public static void inject(Headers headers) {
        String value = current();
        if (value != null) {
            headers.remove(HEADER);
            headers.add(HEADER, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Adds the current span's traceparent to outgoing HTTP headers, so a receiver (a driver) can join the trace. */
    public static void inject(Map<String, String> headers) {
        String value = current();
        if (value != null) {
            headers.put(HEADER, value);
        }
    }
}
