package org.metagov.metastore.rest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every error response: {@code {"error": "<code>", "message": "<human text>", "details": [...]}}. */
public record ApiError(String error, String message, List<String> details) {

    public static Response response(int status, String code, String message, List<String> details) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(code, message, details == null ? List.of() : details)).build();
    }
}
