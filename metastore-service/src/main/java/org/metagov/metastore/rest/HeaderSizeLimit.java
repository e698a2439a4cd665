package org.metagov.metastore.rest;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Answers 431 with our JSON error body for request headers larger than {@code metastore.max-header-size}. The HTTP
 * decoder's own limit ({@code quarkus.http.limits.max-header-size}) answers with an empty body and cannot be given
 * another, so it is set well above ours (application.properties) and ours is checked first thing in the router.
 */
@ApplicationScoped
public class HeaderSizeLimit {

    private static final String TOO_LARGE = "{\"error\":\"request_header_fields_too_large\",\"message\":\"The request "
            + "headers are larger than the limit of %d bytes\",\"details\":[]}";

    private final long maxBytes;

    public HeaderSizeLimit(@ConfigProperty(name = "metastore.max-header-size", defaultValue = "20K")
            MemorySize maxHeaderSize) {
        this.maxBytes = maxHeaderSize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(ctx -> {
            long size = 0;
            for (Map.Entry<String, String> header : ctx.request().headers()) {
                size += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
            }
            if (size > maxBytes) {
                ctx.response().setStatusCode(431)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(TOO_LARGE.formatted(maxBytes));
            } else {
                ctx.next();
            }
        });
    }
}
