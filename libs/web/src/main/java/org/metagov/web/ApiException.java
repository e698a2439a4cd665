package org.metagov.web;

import java.util.List;

/** An error with its HTTP status, answered as {@link ApiError} JSON by {@link ErrorMappers}. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final List<?> details;

    public ApiException(int status, String error, String message, List<?> details) {
        super(message);
        this.status = status;
        this.error = error;
        this.details = details == null ? List.of() : details;
    }

    public ApiException(int status, String error, String message) {
        this(status, error, message, List.of());
    }

    public static ApiException badRequest(String message, List<?> details) {
        return new ApiException(400, "bad_request", message, details);
    }

    public static ApiException badRequest(String message) {
        return badRequest(message, List.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message);
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(error, getMessage(), details);
    }
}
