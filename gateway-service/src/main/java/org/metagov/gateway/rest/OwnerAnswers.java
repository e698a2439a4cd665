package org.metagov.gateway.rest;

import java.net.URI;
import java.util.LinkedHashMap;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.AbstractMultivaluedMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.vertx.core.http.HttpServerRequest;

import org.metagov.gateway.client.OwnerAnswer;

/**
 * HTTP both ways of a relayed driver call: the query a driver sent, passed on; the owner's answer, given back with
 * its status, body and the headers a driver reads.
 */
final class OwnerAnswers {

    private OwnerAnswers() {
    }

    /**
     * The decoded query in the order sent, read from the request line (no Host needed: HTTP/1.0 clients may omit
     * it); the client encodes it again.
     */
    static MultivaluedMap<String, String> query(HttpServerRequest request) {
        MultivaluedMap<String, String> query = new AbstractMultivaluedMap<>(new LinkedHashMap<>()) {
        };
        request.params().forEach(e -> query.add(e.getKey(), e.getValue()));
        return query;
    }

    static Response response(OwnerAnswer answer) {
        Response.ResponseBuilder response = Response.status(answer.status());
        if (answer.contentType() != null) {
            response.header(HttpHeaders.CONTENT_TYPE, answer.contentType());
        }
        if (answer.location() != null) {
            response.header(HttpHeaders.LOCATION, pathOnly(answer.location()));
        }
        if (answer.etag() != null) {
            response.header(HttpHeaders.ETAG, answer.etag());
        }
        if (answer.body().length > 0) {
            response.entity(answer.body());
        }
        return response.build();
    }

    /** The owner's absolute Location names its own host; the driver must be sent back through the gateway. */
    static String pathOnly(String location) {
        try {
            URI uri = URI.create(location);
            if (!uri.isAbsolute()) {
                return location;
            }
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return location;
        }
    }
}
