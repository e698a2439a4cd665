package org.metagov.web;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.logging.Log;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * In community-service and process-service: takes the driver of an /api/internal call from the gateway's
 * {@link CallerHeader} into {@link CallerContext}, as {@link CallerConfig#mode()} says. A header whose HMAC is wrong
 * (or that is stale) is a 401 in every mode, so a pod that reaches a service directly cannot pose as a driver.
 */
@ApplicationScoped
public class CallerFilter {

    private final CallerConfig.Mode mode;
    private final CallerHeader header;
    private final CallerContext context;

    public CallerFilter(CallerConfig config, CallerContext context) {
        this.context = context;
        this.mode = config.mode();
        if (mode != CallerConfig.Mode.NONE && config.internalKey().filter(k -> !k.isBlank()).isEmpty()) {
            throw new IllegalStateException("metagov.caller.mode=" + mode.name().toLowerCase()
                    + " needs metagov.caller.internal-key (METAGOV_INTERNAL_KEY)");
        }
        this.header = mode == CallerConfig.Mode.NONE ? null : new CallerHeader(config.internalKey().get());
    }

    @ServerRequestFilter(priority = 1100) // after authentication filters (1000), before the resources
    public Response takeCaller(ContainerRequestContext request) {
        if (mode == CallerConfig.Mode.NONE || !request.getUriInfo().getPath().startsWith("/api/internal")) {
            return null;
        }
        String value = request.getHeaderString(CallerHeader.NAME);
        if (value == null && mode == CallerConfig.Mode.LOCAL_WHEN_ABSENT) {
            context.set(Caller.local());
            return null;
        }
        var caller = header.verify(value);
        if (caller.isEmpty()) {
            Log.warnf("Refused %s %s: %s", request.getMethod(), request.getUriInfo().getPath(),
                    value == null ? "no " + CallerHeader.NAME + " header" : "invalid " + CallerHeader.NAME + " header");
            return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("unauthorized", "Calls reach this service only through the gateway", List.of()))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        context.set(caller.get());
        return null;
    }
}
