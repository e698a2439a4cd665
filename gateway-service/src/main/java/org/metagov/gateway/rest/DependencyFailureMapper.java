package org.metagov.gateway.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.quarkus.logging.Log;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.metagov.gateway.client.DependencyFailure;
import org.metagov.web.ApiError;
import org.metagov.web.ErrorMappers;

/** A service behind the gateway that failed: 504 when it did not answer in time, 503 otherwise, named by name. */
public class DependencyFailureMapper {

    @ServerExceptionMapper
    public Response dependency(DependencyFailure e) {
        Log.warnf("%s: %s", e.getMessage(), e.getCause() == null ? "" : e.getCause().toString());
        return switch (e.kind()) {
            case TIMED_OUT -> ErrorMappers.json(504, new ApiError("timeout", e.getMessage(), List.of()));
            case UNAVAILABLE, BAD_ANSWER -> ErrorMappers.json(503, new ApiError("unavailable", e.getMessage(),
                    List.of()));
        };
    }
}
