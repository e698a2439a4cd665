package org.metagov.gateway.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.metagov.events.WebhookAnswer;
import org.metagov.gateway.service.HookService;

/**
 * Where platforms post: {@code /api/hooks/<community>/<plugin>[/<webhook_slug>]}, and {@code /api/hooks/<plugin>}
 * for apps with one URL for every community. Any body type is taken as bytes; answered once Kafka has it, or, for a
 * receiver that answers, with the plugin's answer.
 */
@Path("/api/hooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class HookResource {

    private final HookService hooks;

    public HookResource(HookService hooks) {
        this.hooks = hooks;
    }

    @POST
    @Path("/{plugin}")
    public Uni<Response> platformWide(@PathParam("plugin") String plugin, @Context HttpServerRequest request,
            @Context HttpHeaders headers, byte[] body) {
        return hooks.platformWide(plugin, received(request, headers, body)).map(HookResource::accepted);
    }

    @POST
    @Path("/{community}/{plugin}")
    public Uni<Response> forCommunity(@PathParam("community") String community,
            @PathParam("plugin") String plugin, @Context HttpServerRequest request, @Context HttpHeaders headers, byte[] body) {
        return hooks.forCommunity(community, plugin, null, received(request, headers, body)).map(HookResource::accepted);
    }

    @POST
    @Path("/{community}/{plugin}/{webhookSlug}")
    public Uni<Response> forCommunityWithSlug(@PathParam("community") String community,
            @PathParam("plugin") String plugin, @PathParam("webhookSlug") String webhookSlug, @Context HttpServerRequest request,
            @Context HttpHeaders headers, byte[] body) {
        return hooks.forCommunity(community, plugin, webhookSlug, received(request, headers, body))
                .map(HookResource::accepted);
    }

    /** Path and query as the request line has them: an absolute URI would need a Host, which HTTP/1.0 may omit. */
    private static HookService.Received received(HttpServerRequest request, HttpHeaders headers, byte[] body) {
        Map<String, List<String>> copy = new HashMap<>();
        headers.getRequestHeaders().forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new HookService.Received("POST", request.path(), request.query(), copy,
                body == null ? new byte[0] : body);
    }

    /** Received (fire-and-forget), or the answering receiver's own status, type and body, as it gave them. */
    private static Response accepted(HookService.Accepted accepted) {
        WebhookAnswer answer = accepted.answer();
        if (answer == null) {
            return Response.ok(Map.of("status", "received", "id", accepted.id()), MediaType.APPLICATION_JSON).build();
        }
        Response.ResponseBuilder response = Response.status(answer.status());
        if (answer.body().length > 0) {
            response.entity(answer.body()).type(answer.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM
                    : answer.contentType());
        }
        return response.build();
    }
}
