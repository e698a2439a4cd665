package org.metagov.web;

import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first route of every service: checks the request line and headers against {@link HttpLimits}, then reads
 * the body (counting, so a chunked body past the limit is a 413 too, and with a deadline, so a client trickling
 * bytes is cut off) and hands it to RESTEasy, which reads a body already in the routing context. Every answer
 * here is the JSON error contract; the Vert.x codec and Quarkus' own limits would answer with empty bodies.
 */
@ApplicationScoped
public class RequestGuard {

    /** Percent-encoded C0 controls and DEL: never part of an id or a slug, and what databases reject (NUL). */
    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF])");

    static final String INPUT_BUFFER = "quarkus.rest.input-buffer-size";

    private final HttpLimits limits;
    private final Vertx vertx;
    private final MemorySize inputBuffer;

    public RequestGuard(HttpLimits limits, Vertx vertx,
            @ConfigProperty(name = INPUT_BUFFER, defaultValue = "10k") MemorySize inputBuffer) {
        this.limits = limits;
        this.vertx = vertx;
        this.inputBuffer = inputBuffer;
    }

    void install(@Observes Router router) {
        // RESTEasy reads a body handed over in the routing context wrongly (as zeros) when it is larger than its
        // input buffer: the whole body must fit that buffer
        if (inputBuffer.asLongValue() < limits.maxBodyBytes()) {
            throw new IllegalStateException(INPUT_BUFFER + " (" + inputBuffer.asLongValue()
                    + ") must be at least metagov.http.max-body-bytes (" + limits.maxBodyBytes() + ")");
        }
        // after Quarkus' own first handlers (access log, start time), before its upload limit (-2) and every resource
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String target = request.uri();
        if (target.length() > limits.maxUriLength()) {
            reject(context, 414, "uri_too_long",
                    "The request target is longer than " + limits.maxUriLength() + " characters");
            return;
        }
        if (headerBytes(request) > limits.maxHeaderBytes()) {
            reject(context, 431, "headers_too_large",
                    "The header fields are larger than " + limits.maxHeaderBytes() + " bytes");
            return;
        }
        String path = request.path() == null ? "" : request.path();
        if (ENCODED_CONTROL.matcher(path).find() || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            reject(context, 400, "bad_request", "The path contains a control character");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                VertxAnswers.close(context, 400, "bad_request", "Invalid Content-Length");
                return;
            }
            if (bytes > limits.maxBodyBytes()) {
                tooLarge(context);
                return;
            }
        }
        if (request.isEnded()) {
            context.next();
            return;
        }
        readBody(context, request);
    }

    private void readBody(RoutingContext context, HttpServerRequest request) {
        Buffer body = Buffer.buffer();
        boolean[] done = new boolean[1];
        long deadline = vertx.setTimer(limits.bodyTimeout().toMillis(), id -> {
            if (!done[0]) {
                done[0] = true;
                VertxAnswers.close(context, 408, "request_timeout",
                        "The body did not arrive within " + limits.bodyTimeout().toSeconds() + " s");
            }
        });
        request.exceptionHandler(e -> {
            done[0] = true;
            vertx.cancelTimer(deadline);
        });
        request.handler(chunk -> {
            if (done[0]) {
                return;
            }
            if (body.length() + chunk.length() > limits.maxBodyBytes()) {
                done[0] = true;
                vertx.cancelTimer(deadline);
                tooLarge(context);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            vertx.cancelTimer(deadline);
            context.setBody(body);
            context.next();
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue(); // the client waits for it before sending the body
        }
    }

    private void tooLarge(RoutingContext context) {
        reject(context, 413, "payload_too_large",
                "The body is larger than the limit of " + limits.maxBodyBytes() + " bytes");
    }

    /** Answers before the body is read, then drops the body and the connection. */
    private void reject(RoutingContext context, int status, String error, String message) {
        if (context.request().isEnded()) {
            VertxAnswers.close(context, status, error, message);
            return;
        }
        VertxAnswers.send(context, status, error, message, true);
        drainThenClose(context.request());
    }

    /**
     * After an early answer, reads the rest of the body (within the body deadline) before closing: closing with
     * unread bytes makes the kernel reset the connection, and the client may lose the answer it was sent.
     */
    private void drainThenClose(HttpServerRequest request) {
        long deadline = vertx.setTimer(limits.bodyTimeout().toMillis(), id -> request.connection().close());
        request.handler(ignored -> { });
        request.exceptionHandler(e -> vertx.cancelTimer(deadline));
        request.endHandler(end -> {
            vertx.cancelTimer(deadline);
            request.connection().close();
        });
    }

    private static long headerBytes(HttpServerRequest request) {
        long bytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        return bytes;
    }
}
