package org.metagov.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class TraceparentTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + SPAN + "-01";

    private static Span remote() {
        return Span.wrap(SpanContext.createFromRemoteParent(TRACE, SPAN, TraceFlags.getSampled(),
                TraceState.getDefault()));
    }

    @Test
    void noSpanMeansNoTraceparentAndNothingAdded() {
        assertNull(Traceparent.current());
        Map<String, String> headers = new HashMap<>();
        Traceparent.inject(headers);
        assertTrue(headers.isEmpty());
        RecordHeaders kafka = new RecordHeaders();
        Traceparent.inject(kafka);
        assertFalse(kafka.iterator().hasNext());
    }

    @Test
    void theCurrentSpanIsWrittenInTheW3cForm() {
        try (Scope ignored = remote().makeCurrent()) {
            assertEquals(TRACEPARENT, Traceparent.current());
            Map<String, String> headers = new HashMap<>();
            Traceparent.inject(headers);
            assertEquals(TRACEPARENT, headers.get("traceparent"));
        }
    }

    @Test
    void aStoredTraceparentBecomesTheParentAgain() {
        SpanContext parent = Span.fromContext(Traceparent.parent(TRACEPARENT)).getSpanContext();
        assertEquals(TRACE, parent.getTraceId());
        assertEquals(SPAN, parent.getSpanId());
        assertTrue(parent.isRemote());
        assertFalse(Span.fromContext(Traceparent.parent("garbage")).getSpanContext().isValid());
        assertFalse(Span.fromContext(Traceparent.parent(null)).getSpanContext().isValid());
    }

    @Test
    void kafkaHeadersCarryIt() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-old-old-00".getBytes(StandardCharsets.UTF_8));
        try (Scope ignored = remote().makeCurrent()) {
            Traceparent.inject(headers);
        }
        assertEquals(TRACEPARENT, Traceparent.of(headers), "replaced, not added twice");
        assertNull(Traceparent.of(new RecordHeaders()));
    }

    @Test
    void theTraceAndTheLogFieldsFollowATaskToAPoolThread() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Callable<String> task;
            try (Scope ignored = remote().makeCurrent(); LogFields fields = LogFields.of(LogFields.COMMUNITY, "c1",
                    LogFields.PLUGIN, null)) {
                task = ContextCarrier.wrap(() -> Traceparent.current() + " " + MDC.get("community") + " "
                        + MDC.get("plugin"));
            }
            assertNull(MDC.get("community"), "closing the fields removes them");
            assertEquals(TRACEPARENT + " c1 null", pool.submit(task).get());
            assertEquals("null null", pool.submit(() -> Traceparent.current() + " " + MDC.get("community")).get(),
                    "the pool thread is clean afterwards");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tracingIsOffUnlessAnEndpointIsConfigured() {
        assertFalse(TracingDefaults.endpointConfigured(Map.of(), new Properties()));
        assertFalse(TracingDefaults.endpointConfigured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " "), new Properties()));
        assertTrue(TracingDefaults.endpointConfigured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317"),
                new Properties()));
        Properties props = new Properties();
        props.setProperty("quarkus.otel.exporter.otlp.traces.endpoint", "http://c:4318");
        assertTrue(TracingDefaults.endpointConfigured(Map.of(), props));
    }
}
