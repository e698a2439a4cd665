package org.metagov.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * Upstream Metagov's document addresses: {@code /} sends a browser to ReDoc, and {@code /swagger.json} and
 * {@code /swagger.yaml} are the OpenAPI document (OpenAPI 3, where upstream served Swagger 2.0), the same one as
 * {@code /q/openapi}, with every plugin's paths.
 */
@ApplicationScoped
public class DocumentRoutes {

    void routes(@Observes Router router) {
        router.get("/").handler(ctx -> ctx.response().setStatusCode(302).putHeader("Location", "/redoc").end());
        router.get("/swagger.json").handler(ctx -> ctx.reroute("/q/openapi?format=json"));
        router.get("/swagger.yaml").handler(ctx -> ctx.reroute("/q/openapi?format=yaml"));
    }
}
