package org.metagov.metastore.rest;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.metagov.metastore.auth.CurrentCaller;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.service.DatasetService;
import org.metagov.metastore.service.Names;
import org.metagov.metastore.service.Views;

/** Datasets: create, read, update (full or merge patch), delete, list and search. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class DatasetResource {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final DatasetService datasets;
    private final CurrentCaller caller;

    public DatasetResource(DatasetService datasets, CurrentCaller caller) {
        this.datasets = datasets;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Create a dataset with its first revision (scope: create)")
    public Response create(Requests.CreateDataset body) {
        Requests.CreateDataset request = required(body);
        Views.Dataset dataset = datasets.create(caller.get(), request.owner(), request.name(), request.datapackage(),
                request.message());
        return Response.created(URI.create("/api/datasets/" + dataset.id())).tag(etag(dataset)).entity(dataset)
                .build();
    }

    @GET
    @Operation(summary = "List datasets the caller may read, in id order; with ?q= (words matched in name, title, "
            + "keywords, description) and/or ?keyword=, ranked by the search index (scope: read)")
    public Views.DatasetList list(@QueryParam("owner") String owner, @QueryParam("q") String q,
            @QueryParam("keyword") String keyword, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return datasets.list(caller.get(), owner, q, keyword, limit, cursor);
    }

    @GET
    @Path("{owner}/{name}")
    @Operation(summary = "The dataset at the head of main, at ?ref= (revision id, branch or tag) or at the head of "
            + "?branch= (scope: read)")
    public Response get(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("ref") String ref, @QueryParam("branch") String branch) {
        return withEtag(datasets.get(caller.get(), Names.datasetId(owner, name), ref, branch));
    }

    @PUT
    @Path("{owner}/{name}")
    @Operation(summary = "Replace the datapackage on ?branch= (default main); If-Match with a stale revision is 412 "
            + "(scope: update)")
    public Response replace(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("branch") String branch, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Requests.UpdateDataset body) {
        Requests.UpdateDataset request = required(body);
        return withEtag(datasets.replace(caller.get(), Names.datasetId(owner, name), branch, request.datapackage(),
                request.message(), ifMatch));
    }

    @PATCH
    @Path("{owner}/{name}")
    @Consumes({ MediaType.APPLICATION_JSON, MERGE_PATCH_JSON })
    @Operation(summary = "Apply 'datapackage' as a JSON Merge Patch (RFC 7396) on ?branch= (scope: update)")
    public Response patch(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("branch") String branch, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Requests.UpdateDataset body) {
        Requests.UpdateDataset request = required(body);
        return withEtag(datasets.patch(caller.get(), Names.datasetId(owner, name), branch, request.datapackage(),
                request.message(), ifMatch));
    }

    @DELETE
    @Path("{owner}/{name}")
    @Operation(summary = "Hide the dataset, keeping its history (scope: delete); ?purge=true erases it (scope: purge)")
    public Response delete(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("purge") String purge) {
        boolean erase;
        if (purge == null || purge.equalsIgnoreCase("false")) {
            erase = false;
        } else if (purge.isEmpty() || purge.equalsIgnoreCase("true")) {
            erase = true;
        } else {
            throw MetastoreException.badRequest("purge must be true or false");
        }
        datasets.delete(caller.get(), Names.datasetId(owner, name), erase);
        return Response.noContent().build();
    }

    static Response withEtag(Views.Dataset dataset) {
        return Response.ok(dataset).tag(etag(dataset)).build();
    }

    static EntityTag etag(Views.Dataset dataset) {
        return new EntityTag(dataset.revision().id());
    }

    static <T> T required(T body) {
        if (body == null) {
            throw MetastoreException.badRequest("A JSON request body is required");
        }
        return body;
    }
}
