package org.metagov.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Takes the {@code traceparent} header of every request into {@link RequestTrace} (parsed only when present). */
@ApplicationScoped
public class RequestTraceFilter {

    private final RequestTrace trace;

    public RequestTraceFilter(RequestTrace trace) {
        this.trace = trace;
    }

    @ServerRequestFilter(priority = 900)
    public void take(ContainerRequestContext request) {
        String header = request.getHeaderString(RequestTrace.TRACEPARENT);
        if (header != null) {
            trace.set(RequestTrace.traceIdOf(header));
        }
    }
}
