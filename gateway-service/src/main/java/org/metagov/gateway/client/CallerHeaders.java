package org.metagov.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import io.quarkus.arc.Arc;
import io.quarkus.logging.Log;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;
import org.metagov.web.Caller;
import org.metagov.web.CallerConfig;
import org.metagov.web.CallerContext;
import org.metagov.web.CallerHeader;
import org.metagov.web.RequestTrace;

/**
 * Adds the verified caller to every call to community-service and process-service ({@link CallerHeader}, HMAC with
 * {@code METAGOV_INTERNAL_KEY}). A call the gateway makes on its own (a hook's community lookup) goes as
 * {@link Caller#GATEWAY}, and the driver's {@code traceparent} (for the audit trail). Without a key no header is sent, and services in production mode refuse the calls.
 */
@ApplicationScoped
public class CallerHeaders implements ClientHeadersFactory {

    private final CallerHeader header;
    private final CallerContext context;

    public CallerHeaders(CallerConfig config, CallerContext context) {
        this.header = config.internalKey().filter(k -> !k.isBlank()).map(CallerHeader::new).orElse(null);
        this.context = context;
        if (header == null) {
            Log.warn("No METAGOV_INTERNAL_KEY: calls to community-service and process-service carry no driver");
        }
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        if (header != null) {
            boolean inRequest = Arc.container().requestContext().isActive() && context.isSet();
            headers.putSingle(CallerHeader.NAME, header.sign(inRequest ? context.caller() : Caller.gateway()));
        }
        // the driver's trace goes on, so the services' audit entries carry its trace id (OpenTelemetry, where
        // enabled, sets its own traceparent of the same trace)
        String traceparent = incoming.getFirst(RequestTrace.TRACEPARENT);
        if (traceparent != null && !outgoing.containsKey(RequestTrace.TRACEPARENT)) {
            headers.putSingle(RequestTrace.TRACEPARENT, traceparent);
        }
        return headers;
    }
}
