package org.metagov.metastore.rest;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.metagov.metastore.auth.CurrentCaller;
import org.metagov.metastore.service.Names;
import org.metagov.metastore.service.TagService;
import org.metagov.metastore.service.Views;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.Tag;

/** Annotated tags of a dataset. */
@Path("/api/datasets/{owner}/{name}/tags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "tags")
public class TagResource {

    private final TagService tags;
    private final CurrentCaller caller;

    public TagResource(TagService tags, CurrentCaller caller) {
        this.tags = tags;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Tag a revision (default: the head of ?branch=, main by default) (scope: tag)")
    public Response create(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("branch") String branch, Requests.CreateTag body) {
        Requests.CreateTag request = DatasetResource.required(body);
        DatasetId id = Names.datasetId(owner, name);
        Tag tag = tags.create(caller.get(), id, branch, request.name(), request.revision(), request.description());
        return Response.created(URI.create("/api/datasets/" + id + "/tags/" + tag.name())).entity(tag).build();
    }

    @GET
    @Operation(summary = "All tags, by name (scope: read)")
    public Views.TagList list(@PathParam("owner") String owner, @PathParam("name") String name) {
        return tags.list(caller.get(), Names.datasetId(owner, name));
    }

    @GET
    @Path("{tag}")
    @Operation(summary = "One tag (scope: read)")
    public Tag get(@PathParam("owner") String owner, @PathParam("name") String name, @PathParam("tag") String tag) {
        return tags.get(caller.get(), Names.datasetId(owner, name), tag);
    }

    @PATCH
    @Path("{tag}")
    @Consumes({ MediaType.APPLICATION_JSON, DatasetResource.MERGE_PATCH_JSON })
    @Operation(summary = "Rename and/or re-describe a tag, atomically (scope: tag)")
    public Tag update(@PathParam("owner") String owner, @PathParam("name") String name, @PathParam("tag") String tag,
            Requests.UpdateTag body) {
        Requests.UpdateTag request = DatasetResource.required(body);
        return tags.update(caller.get(), Names.datasetId(owner, name), tag, request.name(), request.description());
    }

    @DELETE
    @Path("{tag}")
    @Operation(summary = "Delete a tag (scope: tag)")
    public Response delete(@PathParam("owner") String owner, @PathParam("name") String name,
            @PathParam("tag") String tag) {
        tags.delete(caller.get(), Names.datasetId(owner, name), tag);
        return Response.noContent().build();
    }
}
