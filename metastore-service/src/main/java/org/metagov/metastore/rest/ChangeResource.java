package org.metagov.metastore.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.metagov.metastore.auth.CurrentCaller;
import org.metagov.metastore.service.ChangeService;
import org.metagov.metastore.service.Views;

/** The change feed of all datasets. */
@Path("/api/changes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "changes")
public class ChangeResource {

    private final ChangeService changes;
    private final CurrentCaller caller;

    public ChangeResource(ChangeService changes, CurrentCaller caller) {
        this.changes = changes;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Committed changes, oldest first, after the ?after= cursor; only datasets the token may "
            + "read (scope: read)")
    public Views.Changes feed(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        return changes.changes(caller.get(), after, limit);
    }
}
