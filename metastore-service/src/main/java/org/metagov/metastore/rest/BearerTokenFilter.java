package org.metagov.metastore.rest;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.metagov.metastore.auth.Caller;
import org.metagov.metastore.auth.CurrentCaller;
import org.metagov.metastore.auth.JwtVerifier;
import org.metagov.metastore.config.MetastoreConfig;

/**
 * Authenticates every API request before its body is read: no token is 401 (unless anonymous reads are
 * enabled and the request is a GET), a bad token is always 401. What the caller may do is decided later,
 * per dataset, from the token's scopes (403).
 */
public class BearerTokenFilter {

    static final String CHALLENGE = "Bearer realm=\"metastore\"";

    private final JwtVerifier verifier;
    private final CurrentCaller current;
    private final boolean anonymousRead;

    public BearerTokenFilter(JwtVerifier verifier, CurrentCaller current, MetastoreConfig config) {
        this.verifier = verifier;
        this.current = current;
        this.anonymousRead = config.anonymousRead();
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            String method = request.getMethod();
            if (anonymousRead && ("GET".equals(method) || "HEAD".equals(method))) {
                current.set(Caller.anonymousReader());
                return null;
            }
            return challenge("A bearer token is required (Authorization: Bearer <JWT>)", null);
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return challenge("The Authorization header must be 'Bearer <JWT>'", "invalid_request");
        }
        try {
            current.set(verifier.verify(header.substring(7).trim()));
            return null;
        } catch (InvalidJwtException e) {
            return challenge(JwtVerifier.reason(e), "invalid_token");
        }
    }

    private static Response challenge(String message, String error) {
        String challenge = error == null ? CHALLENGE : CHALLENGE + ", error=\"" + error + "\"";
        return Response.fromResponse(ApiError.response(401, "unauthorized", message, List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}
