package org.metagov.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives the answers Vert.x, Quarkus and RESTEasy produce on their own (no route, a failed routing context, an
 * aborted request with an empty error) the JSON error contract.
 */
@ApplicationScoped
public class FrameworkAnswers {

    void install(@Observes Router router) {
        // failure handlers are tried in route order: this one runs before Quarkus' HTML/text error page
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 431, 500}) {
            router.errorHandler(status, this::failed);
        }
    }

    void failed(RoutingContext context) {
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        if (status >= 500 && context.failure() != null) {
            Log.error("unexpected failure", context.failure());
        }
        VertxAnswers.write(context, status, ApiError.forStatus(status), false);
    }

    /** An error answer RESTEasy built without a body (for example a request aborted by a filter). */
    @ServerResponseFilter
    public void emptyErrors(ContainerResponseContext response) {
        if (response.getStatus() >= 400 && !response.hasEntity()) {
            response.setEntity(ApiError.forStatus(response.getStatus()), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
