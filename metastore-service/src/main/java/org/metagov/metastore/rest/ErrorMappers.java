package org.metagov.metastore.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.metagov.metastore.error.MergeConflictException;
import org.metagov.metastore.error.MetastoreException;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;

/**
 * Turns every failure into the JSON error contract. Client mistakes, including JSON the parser rejects,
 * are 4xx with a readable message; anything unexpected is a 500 whose details stay in the log.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response metastore(MetastoreException e) {
        if (e.status() >= 500) {
            Log.errorf(e, "Request failed: %s", e.getMessage());
        }
        Response response = ApiError.response(e.status(), e.code(), e.getMessage(), e.details());
        if (e.status() == 401) {
            return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, BearerTokenFilter.CHALLENGE)
                    .build();
        }
        return response;
    }

    /** The usual error body plus {@code conflicts}: each place both sides changed, with base, ours and theirs. */
    @ServerExceptionMapper
    public Response mergeConflict(MergeConflictException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        body.put("details", e.details());
        body.put("conflicts", e.conflicts());
        return Response.status(409).type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return ApiError.response(400, "malformed_json", "The request body is not valid JSON or has a member of "
                + "the wrong type" + where, List.of(firstLine(e.getOriginalMessage())));
    }

    /** Declared separately: Quarkus has a built-in mapper for this subtype that answers with an empty body. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        String field = e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                : "[" + ref.getIndex() + "]").collect(Collectors.joining("."));
        String message = field.isEmpty() ? "The request body must be a JSON object"
                : "Member '" + field + "' of the request body has the wrong type";
        // Jackson's own text names our classes; only worth showing when it is about one member
        return ApiError.response(400, "malformed_json", message,
                field.isEmpty() ? List.of() : List.of(firstLine(e.getOriginalMessage())));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException mismatch) {
                return wrongType(mismatch);
            }
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        String message = switch (status) {
            case 404 -> "No such endpoint";
            case 405 -> "This endpoint does not support that HTTP method";
            case 415 -> "Send the request body as application/json";
            default -> Response.Status.Family.familyOf(status) == Response.Status.Family.CLIENT_ERROR
                    ? firstLine(e.getMessage()) : "Request failed";
        };
        return ApiError.response(status, code, message, List.of());
    }

    /** The data directory could not be read or written (disk full, read-only, I/O error): ours, and maybe passing. */
    @ServerExceptionMapper
    public Response storage(UncheckedIOException e) {
        Log.error("Storage failure while handling a request", e);
        return ApiError.response(503, "storage_unavailable", "The dataset storage could not be read or written; "
                + "nothing was changed, retry later", List.of());
    }

    /**
     * A client that hangs up before the answer is written (it stopped reading, was killed, timed out) is no error of
     * ours: nothing can be sent to it, so the failure is noted at DEBUG, without a stack trace.
     */
    @ServerExceptionMapper
    public Response io(IOException e, HttpServerRequest request) {
        if (request.response().closed() || clientGone(e)) {
            Log.debugf("The client closed the connection before the answer was written (%s %s): %s",
                    request.method(), request.path(), e.getMessage());
            return Response.status(499).build();
        }
        return unexpected(e);
    }

    private static boolean clientGone(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (cause instanceof java.nio.channels.ClosedChannelException || message.contains("Connection has been "
                    + "closed") || message.contains("Connection reset") || message.contains("Broken pipe")) {
                return true;
            }
        }
        return false;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Log.error("Unexpected error while handling a request", e);
        return ApiError.response(500, "internal_error", "An unexpected error occurred; it has been logged",
                List.of());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
