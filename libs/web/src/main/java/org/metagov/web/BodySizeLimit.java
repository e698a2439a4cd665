package org.metagov.web;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 413 with the JSON error contract before a too-large body is read. (Vert.x's own limit,
 * quarkus.http.limits.max-body-size, still stops chunked bodies that announce no length.)
 */
public class BodySizeLimit {

    private final long maxBytes;

    public BodySizeLimit(@ConfigProperty(name = "metagov.http.max-body-bytes", defaultValue = "1048576") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length == null) {
            return null;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return ErrorMappers.json(400, new ApiError("bad_request", "Invalid Content-Length", List.of()));
        }
        if (bytes > maxBytes) {
            return ErrorMappers.json(413, new ApiError("payload_too_large",
                    "The body is larger than the limit of " + maxBytes + " bytes", List.of()));
        }
        return null;
    }
}
