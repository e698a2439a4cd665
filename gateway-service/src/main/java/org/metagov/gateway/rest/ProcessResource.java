package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.metagov.gateway.client.ProcessClient;
import org.metagov.web.MetagovHeaders;

/**
 * Seed 003's asynchronous governance processes, owned by process-service. Each process has its own documented
 * paths, with its own schemas, from the catalog ({@code openapi.PluginPathsFilter}).
 */
@Path("/api/internal/process")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ProcessResource {

    private final ProcessClient processes;

    public ProcessResource(ProcessClient processes) {
        this.processes = processes;
    }

    @POST
    @Path("/{name}")
    @Operation(hidden = true)
    public Uni<Response> start(@PathParam("name") String name, @HeaderParam(MetagovHeaders.COMMUNITY) String community,
            @Context HttpServerRequest request, byte[] body) {
        return processes.start(name, community, OwnerAnswers.query(request), body).map(OwnerAnswers::response);
    }

    /** No community header needed (PolicyKit reads its Location without one); when given, it must match. */
    @GET
    @Path("/{name}/{id}")
    @Operation(hidden = true)
    public Uni<Response> get(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community, @Context HttpServerRequest request) {
        return processes.get(name, id, community, OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }

    @DELETE
    @Path("/{name}/{id}")
    @Operation(hidden = true)
    public Uni<Response> close(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community, @Context HttpServerRequest request) {
        return processes.close(name, id, community, OwnerAnswers.query(request)).map(OwnerAnswers::response);
    }

    @POST
    @Path("/{name}/{id}/reopen")
    @Operation(hidden = true)
    public Uni<Response> reopen(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community, @Context HttpServerRequest request, byte[] body) {
        return processes.reopen(name, id, community, OwnerAnswers.query(request), body).map(OwnerAnswers::response);
    }
}
