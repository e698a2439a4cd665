package org.metagov.process.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.metagov.events.QualifiedName;
import org.metagov.process.service.CloseResult;
import org.metagov.process.service.ProcessService;
import org.metagov.process.service.ProcessView;
import org.metagov.process.service.ReopenResult;
import org.metagov.web.ApiException;
import org.metagov.web.JsonBodies;
import org.metagov.web.MetagovHeaders;

/**
 * Seed 003's asynchronous governance processes in HTTP: the header, the body (JSON whatever its Content-Type), the
 * statuses and the record's JSON. The gateway forwards drivers' calls here, so the paths (and the Location header)
 * are the public ones.
 */
@Path("/api/internal/process")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ProcessResource {

    static final String BASE = "/api/internal/process/";

    private final ProcessService processes;

    public ProcessResource(ProcessService processes) {
        this.processes = processes;
    }

    @POST
    @Path("/{name}")
    @Operation(summary = "Start a governance process", description = "The body holds the process parameters, "
            + "validated against its input schema, and an optional callback_url that receives the record (the GET "
            + "shape) when the process completes and when its outcome changes. Answers 202 with Location.")
    public Uni<Response> start(@PathParam("name") String name,
            @Parameter(description = "The community slug") @HeaderParam(MetagovHeaders.COMMUNITY) String community,
            @Parameter(description = "Which instance of the plugin, when the community has several")
            @QueryParam("community_platform_id") String platformId,
            byte[] body) {
        QualifiedName process = processName(name);
        if (community == null || community.isBlank()) {
            throw ApiException.badRequest("Missing required header '" + MetagovHeaders.COMMUNITY + "'");
        }
        ObjectNode parameters = JsonBodies.objectOrEmpty(body);
        if (platformId != null && platformId.isEmpty()) {
            throw ApiException.badRequest("Query parameter community_platform_id must not be empty",
                    List.of("community_platform_id"));
        }
        return processes.start(process, community, parameters, platformId).map(started -> Response
                .accepted(ProcessView.render(started))
                // as a header, not location(): JAX-RS would make it absolute against this service, not the gateway
                .header(HttpHeaders.LOCATION, BASE + name + "/" + started.id())
                .build());
    }

    @GET
    @Path("/{name}/{id}")
    @Operation(summary = "Read a governance process: {id, name, community, status, url, errors, outcome}",
            description = "The community header is not needed; when given, it must be the process's community.")
    public Uni<ObjectNode> get(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community) {
        return processes.get(processName(name), id, community).map(ProcessView::render);
    }

    @DELETE
    @Path("/{name}/{id}")
    @Operation(summary = "Close a governance process early", description = "Answers 200 with the completed "
            + "process, 409 when it cannot be closed, 502 when its plugin failed to close it, 504 when the plugin did "
            + "not answer in time. The community header is not needed.")
    public Uni<ObjectNode> close(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community) {
        return processes.close(processName(name), id, community).map(ProcessResource::closed);
    }

    @POST
    @Path("/{name}/{id}/reopen")
    @Operation(summary = "Re-open a completed governance process", description = "For a process type that allows "
            + "it: the body holds optional new parameters (each checked against the input schema; none required). "
            + "Answers 200 with the process pending again; 409 not_reopenable, not_completed or instance_disabled; "
            + "400 for bad parameters; 502 when its plugin failed; 504 when it did not answer in time. Its callback "
            + "fires again on later outcome changes and when it completes.")
    public Uni<ObjectNode> reopen(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community, byte[] body) {
        ObjectNode parameters = JsonBodies.objectOrEmpty(body);
        return processes.reopen(processName(name), id, community, parameters).map(ProcessResource::reopened);
    }

    private static ObjectNode reopened(ReopenResult result) {
        if (result instanceof ReopenResult.Reopened reopened) {
            return ProcessView.render(reopened.process());
        }
        if (result instanceof ReopenResult.Refused refused) {
            throw new ApiException(refused.status(), refused.code(), refused.reason());
        }
        throw new ApiException(504, "timeout", "The plugin did not re-open the process in time; it may still do so");
    }

    private static ObjectNode closed(CloseResult result) {
        if (result instanceof CloseResult.Closed closed) {
            return ProcessView.render(closed.process());
        }
        if (result instanceof CloseResult.NotClosable refused) {
            throw ApiException.conflict(refused.reason());
        }
        if (result instanceof CloseResult.PluginFailed failed) {
            throw new ApiException(502, "plugin_failed", failed.reason());
        }
        throw new ApiException(504, "timeout", "The plugin did not close the process in time; it may still close");
    }

    private static QualifiedName processName(String name) {
        return QualifiedName.parse(name).orElseThrow(() -> ApiException.notFound("Unknown process '" + name
                + "': expected <plugin>.<process>"));
    }
}
