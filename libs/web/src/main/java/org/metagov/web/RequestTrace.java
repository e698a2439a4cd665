package org.metagov.web;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.arc.Arc;

/**
 * The W3C trace id of the current request, from its {@code traceparent} header (a driver's, or the one the gateway
 * passes on): what the audit trail records as an entry's trace id. Null without the header.
 */
@RequestScoped
public class RequestTrace {

    public static final String TRACEPARENT = "traceparent";

    private String traceId;

    /** The trace id of the active request, or null (no request context, as in a Kafka consumer, or no header). */
    public static String currentTraceId() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return Arc.container().instance(RequestTrace.class).get().traceId(); // a client proxy: through the method
    }

    public String traceId() {
        return traceId;
    }

    /**
     * The trace id of a W3C {@code traceparent} ({@code 00-<32 hex trace id>-<16 hex span id>-<flags>}), or null when
     * absent or malformed (an all-zero trace id is invalid by the spec).
     */
    public static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.trim().split("-");
        if (parts.length < 4 || !parts[0].matches("[0-9a-f]{2}") || !parts[1].matches("[0-9a-f]{32}")
                || parts[1].matches("0{32}")) {
            return null;
        }
        return parts[1];
    }

    void set(String traceId) {
        this.traceId = traceId;
    }
}
