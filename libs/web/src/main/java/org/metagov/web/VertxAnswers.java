package org.metagov.web;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes the JSON error contract straight onto a Vert.x response, for answers given before RESTEasy runs. */
final class VertxAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VertxAnswers() {
    }

    /** {@code closing}: says Connection: close, for the caller that will close the connection itself. */
    static void send(RoutingContext context, int status, String error, String message, boolean closing) {
        if (closing) {
            context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        write(context, status, new ApiError(error, message, List.of()), false);
    }

    /** For a request whose rest cannot be read (too slow, framing unknown): answer, then close. */
    static void close(RoutingContext context, int status, String error, String message) {
        write(context, status, new ApiError(error, message, List.of()), true);
    }

    static void write(RoutingContext context, int status, ApiError body, boolean close) {
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            if (close) {
                context.request().connection().close();
            }
            return;
        }
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            json = "{\"error\": \"internal\", \"message\": \"Unexpected error\", \"details\": []}";
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            response.endHandler(v -> context.request().connection().close());
        }
        response.end(json);
    }
}
