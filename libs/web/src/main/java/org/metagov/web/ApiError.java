package org.metagov.web;

import java.util.List;

/** The body of every error answer: a stable code, a human message, and details (for example schema errors). */
public record ApiError(String error, String message, List<?> details) {

    /** The code for an answer known only by its status (framework answers, forwarded empty errors). */
    public static String codeFor(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 500 -> "internal";
            case 504 -> "timeout";
            default -> status < 500 ? "bad_request" : "unavailable";
        };
    }

    /** A message for an answer known only by its status. */
    public static String messageFor(int status) {
        return switch (status) {
            case 404 -> "Nothing is at this path";
            case 405 -> "This method is not allowed at this path";
            case 406 -> "None of the accepted media types can be produced; this API answers application/json";
            case 408 -> "The request did not arrive in time";
            case 413 -> "The body is too large";
            case 414 -> "The request target is too long";
            case 415 -> "This media type is not accepted here";
            case 431 -> "The header fields are too large";
            case 500 -> "Unexpected error";
            case 504 -> "A dependency did not answer in time";
            default -> status < 500 ? "The request is not valid" : "A backing service is unavailable; retry later";
        };
    }

    public static ApiError forStatus(int status) {
        return new ApiError(codeFor(status), messageFor(status), List.of());
    }
}
