package org.metagov.metastore.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Answers 413 with our JSON error body for bodies larger than {@code quarkus.http.limits.max-body-size}.
 * Registered just before Quarkus' own limit check, which would answer with an empty body: a request
 * announcing a larger Content-Length is refused at once; a chunked body (no Content-Length) is buffered
 * here up to the limit (RESTEasy Reactive then reads the buffered body) and refused when it goes over.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final String TOO_LARGE = "{\"error\":\"payload_too_large\",\"message\":\"The request body is "
            + "larger than the limit of %d bytes\",\"details\":[]}";

    private final long maxBytes;
    private final BodyHandler chunked;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
        this.chunked = BodyHandler.create(false).setBodyLimit(maxBytes);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long announced;
            try {
                announced = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                announced = Long.MAX_VALUE;
            }
            if (announced > maxBytes) {
                tooLarge(ctx);
            } else if (length == null && mayHaveBody(ctx.request().method())) {
                chunked.handle(ctx);
            } else {
                ctx.next();
            }
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                tooLarge(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private void tooLarge(RoutingContext ctx) {
        ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(TOO_LARGE.formatted(maxBytes));
    }

    private static boolean mayHaveBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }
}
