package org.metagov.observability;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * Spans for the hops no Quarkus instrumentation sees: records read by hand-built consumers or in batches, an
 * outbox row sent, an event POSTed by the JDK client. With the SDK off (no OTLP endpoint) every span is a no-op.
 */
@ApplicationScoped
public class Tracing {

    private final Tracer tracer;

    public Tracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("org.metagov");
    }

    /** A span child of {@code traceparent} (a new trace when it is null); make it current and end it. */
    public Span start(String name, SpanKind kind, String traceparent) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(Traceparent.parent(traceparent)).startSpan();
    }

    /** A span child of the current one. */
    public Span startChild(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind).startSpan();
    }

    public static void fail(Span span, Throwable failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
    }
}
