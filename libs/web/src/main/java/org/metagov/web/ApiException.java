package org.metagov.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An error with its HTTP status, answered as {@link ApiError} JSON by {@link ErrorMappers}. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final List<?> details;
    private final Map<String, String> headers;

    public ApiException(int status, String error, String message, List<?> details) {
        this(status, error, message, details, Map.of());
    }

    private ApiException(int status, String error, String message, List<?> details, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.error = error;
        this.details = details == null ? List.of() : details;
        this.headers = headers;
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

    /** 429: the caller is over its share; {@code Retry-After} says when to try again (whole seconds, at least 1). */
    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiException(429, "too_many_requests", message, List.of(),
                Map.of("Retry-After", Long.toString(seconds)));
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message);
    }

    public int status() {
        return status;
    }

    /** Headers the answer carries beside the JSON error ({@code Retry-After}). */
    public Map<String, String> headers() {
        return headers;
    }

    public ApiError body() {
        return new ApiError(error, getMessage(), details);
    }
}
