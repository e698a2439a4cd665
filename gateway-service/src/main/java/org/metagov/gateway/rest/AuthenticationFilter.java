package org.metagov.gateway.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.metagov.gateway.service.Authenticator;
import org.metagov.web.ApiException;
import org.metagov.web.CallerContext;

/**
 * Authenticates every /api/internal call ({@link Authenticator}) and keeps the caller in {@link CallerContext} for
 * the service calls ({@code client/CallerHeaders} passes it on). Hooks, public actions, OAuth routes, documents and
 * /q stay open. A refusal is a 401 with {@code WWW-Authenticate: Bearer} and the JSON error body.
 */
@ApplicationScoped
public class AuthenticationFilter {

    static final String PROTECTED = "/api/internal";

    private final Authenticator authenticator;
    private final CallerContext context;

    public AuthenticationFilter(Authenticator authenticator, CallerContext context) {
        this.authenticator = authenticator;
        this.context = context;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals(PROTECTED) || path.startsWith(PROTECTED + "/"))) {
            return Uni.createFrom().nullItem();
        }
        return authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION), peer(http))
                .map(caller -> {
                    context.set(caller);
                    return (Response) null;
                })
                .onFailure(ApiException.class).recoverWithItem(e -> {
                    ApiException failure = (ApiException) e;
                    return Response.status(failure.status()).type(MediaType.APPLICATION_JSON_TYPE)
                            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"metagov\"")
                            .entity(failure.body()).build();
                });
    }

    /** The socket's peer: the connection's own address, whatever a proxy header says. */
    private static InetAddress peer(HttpServerRequest http) {
        SocketAddress address = http.connection() == null ? null : http.connection().remoteAddress();
        if (address == null || address.hostAddress() == null) {
            return null;
        }
        try {
            return InetAddress.getByName(address.hostAddress()); // a literal address: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
