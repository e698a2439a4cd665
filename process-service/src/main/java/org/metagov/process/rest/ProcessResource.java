package org.metagov.process.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.metagov.process.service.ProcessService;

/**
 * Seed 003's asynchronous governance processes. The gateway forwards drivers' calls here unchanged, so the paths
 * (and the Location header) are the public ones.
 */
@Path("/api/internal/process")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessResource {

    static final String BASE = "/api/internal/process/";

    private final ProcessService processes;

    public ProcessResource(ProcessService processes) {
        this.processes = processes;
    }

    @POST
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Start a governance process", description = "The body holds the process parameters, "
            + "validated against its input schema, and an optional callback_url that receives the record (the GET "
            + "shape) when the process completes and when its outcome changes. Answers 202 with Location.")
    public Uni<Response> start(@PathParam("name") String name,
            @Parameter(description = "The community slug") @HeaderParam(ProcessService.COMMUNITY_HEADER) String community,
            String body) {
        return processes.start(name, community, body).map(process -> Response
                .accepted(process)
                // as a header, not location(): JAX-RS would make it absolute against this service, not the gateway
                .header(HttpHeaders.LOCATION, BASE + name + "/" + process.path("id").asText())
                .build());
    }

    @GET
    @Path("/{name}/{id}")
    @Operation(summary = "Read a governance process: {id, name, community, status, errors, outcome}")
    public Uni<ObjectNode> get(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(ProcessService.COMMUNITY_HEADER) String community) {
        return processes.get(name, id, community);
    }

    @DELETE
    @Path("/{name}/{id}")
    @Operation(summary = "Close a governance process early", description = "Answers 200 with the completed "
            + "process, or 409 when its plugin cannot close it.")
    public Uni<ObjectNode> close(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(ProcessService.COMMUNITY_HEADER) String community) {
        return processes.close(name, id, community);
    }
}
