package org.metagov.metastore.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.metagov.metastore.auth.CurrentCaller;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.service.DatasetService;
import org.metagov.metastore.service.Names;
import org.metagov.metastore.service.Views;

/** A dataset's history: revisions, resources at a revision, revert and diff. */
@Path("/api/datasets/{owner}/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "history")
public class HistoryResource {

    private final DatasetService datasets;
    private final CurrentCaller caller;

    public HistoryResource(DatasetService datasets, CurrentCaller caller) {
        this.datasets = datasets;
        this.caller = caller;
    }

    @GET
    @Path("revisions")
    @Operation(summary = "Revisions of ?branch= (default main), newest first, a page at a time (scope: read)")
    public Views.RevisionList revisions(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("branch") String branch, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return datasets.revisions(caller.get(), Names.datasetId(owner, name), branch, limit, cursor);
    }

    @GET
    @Path("revisions/{revision}")
    @Operation(summary = "The dataset at one revision (scope: read)")
    public Response revision(@PathParam("owner") String owner, @PathParam("name") String name,
            @PathParam("revision") String revision) {
        return DatasetResource.withEtag(datasets.revision(caller.get(), Names.datasetId(owner, name), revision));
    }

    @GET
    @Path("resources/{resource}")
    @Operation(summary = "One resource of the datapackage, by name, at ?ref= or the latest revision (scope: read)")
    public JsonNode resource(@PathParam("owner") String owner, @PathParam("name") String name,
            @PathParam("resource") String resource, @QueryParam("ref") String ref) {
        return datasets.resource(caller.get(), Names.datasetId(owner, name), resource, ref);
    }

    @POST
    @Path("revert")
    @Operation(summary = "Add a revision on ?branch= whose datapackage equals the one at 'ref' (scope: update)")
    public Response revert(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("branch") String branch, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Requests.Revert body) {
        Requests.Revert request = DatasetResource.required(body);
        return DatasetResource.withEtag(datasets.revert(caller.get(), Names.datasetId(owner, name), branch,
                request.ref(), request.message(), ifMatch));
    }

    @GET
    @Path("diff")
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
    @Operation(summary = "JSON Patch (RFC 6902) and resource changes from 'from' to 'to' (default: head of main); "
            + "?format=text: a unified diff of datapackage.json (scope: read)")
    public Response diff(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("format") String format) {
        if (format == null || format.isBlank() || format.equals("json")) {
            return Response.ok(datasets.diff(caller.get(), Names.datasetId(owner, name), from, to),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (!format.equals("text")) {
            throw MetastoreException.badRequest("format must be json or text, got '" + format + "'");
        }
        return Response.ok(datasets.textDiff(caller.get(), Names.datasetId(owner, name), from, to),
                MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }
}
