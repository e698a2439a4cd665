package org.metagov.gateway.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.smallrye.mutiny.Uni;

import org.metagov.gateway.service.OAuthService;

/** Upstream's OAuth routes, browser navigations: each answers 302 (or our JSON error when it cannot redirect). */
@Path("/auth/{plugin}")
@Produces(MediaType.APPLICATION_JSON)
public class OAuthResource {

    private final OAuthService oauth;

    public OAuthResource(OAuthService oauth) {
        this.oauth = oauth;
    }

    @GET
    @Path("/authorize")
    public Uni<Response> authorize(@PathParam("plugin") String plugin, @QueryParam("type") String type,
            @QueryParam("community") String community, @QueryParam("redirect_uri") String redirectUri,
            @QueryParam("state") String state) {
        return oauth.authorize(plugin, type, community, redirectUri, state)
                .map(url -> Response.status(302).location(url).build());
    }

    @GET
    @Path("/callback")
    public Uni<Response> callback(@PathParam("plugin") String plugin, @Context UriInfo uri) {
        Map<String, List<String>> query = new HashMap<>(uri.getQueryParameters());
        return oauth.callback(plugin, query).map(url -> Response.status(302).location(url).build());
    }
}
