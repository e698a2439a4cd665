package org.metagov.gateway.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;
import org.metagov.web.MetagovHeaders;

/** process-service's HTTP API as the gateway calls it; answers of any status come back as responses. */
@RegisterRestClient(configKey = "process-service")
@RegisterClientHeaders(CallerHeaders.class)
@Path("/api/internal/process")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ProcessRestClient {

    @POST
    @Path("/{name}")
    Uni<Response> start(@PathParam("name") String name, @HeaderParam(MetagovHeaders.COMMUNITY) String community,
            @RestQuery MultivaluedMap<String, String> query, byte[] body);

    @GET
    @Path("/{name}/{id}")
    Uni<Response> get(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community, @RestQuery MultivaluedMap<String, String> query);

    @DELETE
    @Path("/{name}/{id}")
    Uni<Response> close(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community, @RestQuery MultivaluedMap<String, String> query);

    @POST
    @Path("/{name}/{id}/reopen")
    Uni<Response> reopen(@PathParam("name") String name, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community, @RestQuery MultivaluedMap<String, String> query,
            byte[] body);
}
