package org.metagov.metastore.rest;

import java.net.URI;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.metagov.metastore.auth.CurrentCaller;
import org.metagov.metastore.service.BranchService;
import org.metagov.metastore.service.Names;
import org.metagov.metastore.service.Views;
import org.metagov.metastore.storage.Branch;
import org.metagov.metastore.storage.DatasetId;

/** Branches of a dataset and merges between them. */
@Path("/api/datasets/{owner}/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "branches")
public class BranchResource {

    private final BranchService branches;
    private final CurrentCaller caller;

    public BranchResource(BranchService branches, CurrentCaller caller) {
        this.branches = branches;
        this.caller = caller;
    }

    @GET
    @Path("branches")
    @Operation(summary = "All branches, by name, main included (scope: read)")
    public Views.BranchList list(@PathParam("owner") String owner, @PathParam("name") String name) {
        return branches.list(caller.get(), Names.datasetId(owner, name));
    }

    @POST
    @Path("branches")
    @Operation(summary = "Create a branch at 'from' (a revision, branch or tag; default: head of main) (scope: update)")
    public Response create(@PathParam("owner") String owner, @PathParam("name") String name,
            Requests.CreateBranch body) {
        Requests.CreateBranch request = DatasetResource.required(body);
        DatasetId id = Names.datasetId(owner, name);
        Branch branch = branches.create(caller.get(), id, request.name(), request.from());
        return Response.created(URI.create("/api/datasets/" + id + "/branches/" + branch.name())).entity(branch)
                .build();
    }

    @GET
    @Path("branches/{branch}")
    @Operation(summary = "One branch and its head (scope: read)")
    public Branch get(@PathParam("owner") String owner, @PathParam("name") String name,
            @PathParam("branch") String branch) {
        return branches.get(caller.get(), Names.datasetId(owner, name), branch);
    }

    @DELETE
    @Path("branches/{branch}")
    @Operation(summary = "Delete a branch other than main; its revisions stay reachable by id (scope: update)")
    public Response delete(@PathParam("owner") String owner, @PathParam("name") String name,
            @PathParam("branch") String branch) {
        branches.delete(caller.get(), Names.datasetId(owner, name), branch);
        return Response.noContent().build();
    }

    @POST
    @Path("merge")
    @Operation(summary = "Merge 'from' (a branch or ref) into branch 'into' (default main): fast-forward or three-way; "
            + "conflicts are 409 unless 'strategy' is ours or theirs; If-Match guards the head of 'into' "
            + "(scope: merge)")
    public Views.Merge merge(@PathParam("owner") String owner, @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Requests.Merge body) {
        Requests.Merge request = DatasetResource.required(body);
        return branches.merge(caller.get(), Names.datasetId(owner, name), request.from(), request.into(),
                request.message(), request.strategy(), ifMatch);
    }
}
