package org.metagov.gateway.client;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;
import org.metagov.web.MetagovHeaders;

/**
 * community-service's HTTP API as the gateway calls it. Answers of any status come back as responses (the default
 * exception mapper is off): for a driver's call they are the answer, and {@link CommunityClient} decides what a
 * status means for the gateway's own lookups. Bodies are the driver's bytes (JSON) and the query is passed on, so
 * whatever community-service takes and returns reaches both sides with every field.
 */
@RegisterRestClient(configKey = "community-service")
@RegisterClientHeaders(CallerHeaders.class)
@Path("/api/internal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface CommunityRestClient {

    @POST
    @Path("/community")
    Uni<Response> createCommunity(@RestQuery MultivaluedMap<String, String> query, byte[] body);

    @GET
    @Path("/community/{slug}")
    Uni<Response> getCommunity(@PathParam("slug") String slug, @RestQuery MultivaluedMap<String, String> query);

    @PUT
    @Path("/community/{slug}")
    Uni<Response> putCommunity(@PathParam("slug") String slug, @RestQuery MultivaluedMap<String, String> query,
            byte[] body);

    @DELETE
    @Path("/community/{slug}")
    Uni<Response> deleteCommunity(@PathParam("slug") String slug, @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/community/{slug}/hooks")
    Uni<Response> hooks(@PathParam("slug") String slug, @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/community/{slug}/audit")
    Uni<Response> audit(@PathParam("slug") String slug, @RestQuery MultivaluedMap<String, String> query);

    @POST
    @Path("/plugin/{name}")
    Uni<Response> enablePlugin(@PathParam("name") String plugin, @HeaderParam(MetagovHeaders.COMMUNITY) String community,
            @RestQuery MultivaluedMap<String, String> query, byte[] body);

    @DELETE
    @Path("/plugin/{name}/{id}")
    Uni<Response> disablePlugin(@PathParam("name") String plugin, @PathParam("id") String id,
            @HeaderParam(MetagovHeaders.COMMUNITY) String community, @RestQuery MultivaluedMap<String, String> query);

    @POST
    @Path("/identity/{call}")
    Uni<Response> identityPost(@PathParam("call") String call, @RestQuery MultivaluedMap<String, String> query,
            byte[] body);

    @GET
    @Path("/identity/{call}")
    Uni<Response> identityGet(@PathParam("call") String call, @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/communities")
    Uni<Response> listCommunities(@RestQuery MultivaluedMap<String, String> query);

    @PATCH
    @Path("/communities/{slug}")
    Uni<Response> changeCommunityOwner(@PathParam("slug") String slug, byte[] body);
    @PUT
    @Path("/oauth-states/{nonce}")
    Uni<Response> useOAuthState(@PathParam("nonce") String nonce, @RestQuery("expires_at") String expiresAt);

    @POST
    @Path("/drivers")
    Uni<Response> createDriver(byte[] body);

    @GET
    @Path("/drivers")
    Uni<Response> listDrivers(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/drivers/{id}")
    Uni<Response> getDriver(@PathParam("id") String id);

    @PATCH
    @Path("/drivers/{id}")
    Uni<Response> patchDriver(@PathParam("id") String id, byte[] body);

    @DELETE
    @Path("/drivers/{id}")
    Uni<Response> deleteDriver(@PathParam("id") String id);

    @POST
    @Path("/drivers/{id}/tokens")
    Uni<Response> issueDriverToken(@PathParam("id") String id);

    @DELETE
    @Path("/drivers/{id}/tokens")
    Uni<Response> revokeDriverTokens(@PathParam("id") String id);

    @POST
    @Path("/drivers/{id}/callback-secret")
    Uni<Response> newDriverCallbackSecret(@PathParam("id") String id);

    @POST
    @Path("/subscriptions")
    Uni<Response> createSubscription(byte[] body);

    @GET
    @Path("/subscriptions")
    Uni<Response> listSubscriptions(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/subscriptions/{id}")
    Uni<Response> getSubscription(@PathParam("id") String id);

    @PATCH
    @Path("/subscriptions/{id}")
    Uni<Response> patchSubscription(@PathParam("id") String id, byte[] body);

    @DELETE
    @Path("/subscriptions/{id}")
    Uni<Response> deleteSubscription(@PathParam("id") String id);
}
