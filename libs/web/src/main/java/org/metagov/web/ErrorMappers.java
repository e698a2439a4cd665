package org.metagov.web;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JacksonException;

import io.quarkus.logging.Log;
import io.vertx.core.VertxException;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception into the JSON error contract: 4xx for the caller's mistakes, 503 when a dependency is
 * down, never a stack trace in a body.
 */
public class ErrorMappers {

    public static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(e.body());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JacksonException e) {
        return json(400, new ApiError("malformed_json", JsonProblems.describe(e), List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JacksonException jackson) {
            return unreadableJson(jackson);
        }
        int status = e.getResponse().getStatus();
        // RESTEasy's own messages name annotations (@Consumes) or say only "HTTP 405 Method Not Allowed"
        return json(status, ApiError.forStatus(status));
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e) {
        return json(504, new ApiError("timeout", "A dependency did not answer in time", List.of()));
    }

    @ServerExceptionMapper
    public Response anything(Throwable e) {
        if (isConcurrentChange(e)) {
            return json(409, new ApiError("conflict", "The resource was changed concurrently; retry", List.of()));
        }
        if (isDependencyDown(e)) {
            Log.warnf("dependency unavailable: %s", e.toString());
            return json(503, new ApiError("unavailable", "A backing service is unavailable; retry later", List.of()));
        }
        Log.error("unexpected failure", e);
        return json(500, new ApiError("internal", "Unexpected error", List.of()));
    }

    static boolean isConcurrentChange(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.contains("OptimisticLock") || name.contains("StaleObjectState")
                    || name.equals("ConstraintViolationException")) {
                return true;
            }
        }
        return false;
    }

    static boolean isDependencyDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof ConnectException || t instanceof VertxException || name.startsWith("io.vertx.pgclient")
                    || name.startsWith("org.apache.kafka.common.errors") || name.contains("NoStackTraceThrowable")) {
                return true;
            }
        }
        return false;
    }
}
