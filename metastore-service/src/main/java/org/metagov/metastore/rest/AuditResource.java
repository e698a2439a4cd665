package org.metagov.metastore.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.metagov.metastore.auth.CurrentCaller;
import org.metagov.metastore.service.ChangeService;
import org.metagov.metastore.service.Names;
import org.metagov.metastore.service.Views;

/** The audit log of one dataset (its own class: JAX-RS matches the longest resource path first). */
@Path("/api/datasets/{owner}/{name}/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "changes")
public class AuditResource {

    private final ChangeService changes;
    private final CurrentCaller caller;

    public AuditResource(ChangeService changes, CurrentCaller caller) {
        this.changes = changes;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Deletes, purges, tag and branch operations and merges, newest first; kept after a purge "
            + "(scope: delete)")
    public Views.Changes audit(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return changes.audit(caller.get(), Names.datasetId(owner, name), limit, cursor);
    }
}
