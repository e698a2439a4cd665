package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.metagov.gateway.client.ServiceForwarder;
import org.metagov.gateway.config.GatewayConfig;
import org.metagov.gateway.messaging.PluginCatalog;
import org.metagov.web.ApiException;

/**
 * Metagov's per-plugin endpoints: enabling and disabling one plugin (community-service owns instances) and what a
 * plugin takes (from the catalog).
 */
@Path("/api/internal/plugin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PluginResource extends ForwardingResource {

    private final PluginCatalog catalog;

    public PluginResource(ServiceForwarder forwarder, GatewayConfig config, PluginCatalog catalog) {
        super(forwarder, config);
        this.catalog = catalog;
    }

    @POST
    @Path("/{name}")
    public Uni<Response> enable(@Context HttpServerRequest request, @Context HttpHeaders headers, byte[] body) {
        return forward(config.communityServiceUrl(), "POST", request, headers, body);
    }

    @DELETE
    @Path("/{name}/{id}")
    public Uni<Response> disable(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return forward(config.communityServiceUrl(), "DELETE", request, headers, null);
    }

    @GET
    @Path("/{name}/metadata")
    public ObjectNode metadata(@PathParam("name") String name) {
        return PluginMetadataView.of(catalog.find(name)
                .orElseThrow(() -> ApiException.notFound("Unknown plugin '" + name + "'")));
    }
}
