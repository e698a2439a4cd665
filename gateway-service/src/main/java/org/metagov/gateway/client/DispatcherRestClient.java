package org.metagov.gateway.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

/**
 * The event-dispatcher's internal API on a subscription's deliveries (replays, dead letters), as the gateway relays
 * a driver's calls: with the verified driver header, every status an answer.
 */
@RegisterRestClient(configKey = "event-dispatcher")
@RegisterClientHeaders(CallerHeaders.class)
@Path("/api/internal/subscriptions/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface DispatcherRestClient {

    @POST
    @Path("/replay")
    Uni<Response> replay(@PathParam("id") String id, byte[] body);

    @GET
    @Path("/replays/{replay}")
    Uni<Response> replayStatus(@PathParam("id") String id, @PathParam("replay") String replay);

    @GET
    @Path("/dead-letters")
    Uni<Response> deadLetters(@PathParam("id") String id, @RestQuery MultivaluedMap<String, String> query);

    @POST
    @Path("/dead-letters/{event}/retry")
    Uni<Response> retry(@PathParam("id") String id, @PathParam("event") String eventId);
}
