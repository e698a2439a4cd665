package org.metagov.community.client;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import org.metagov.web.CallerHeader;

/** plugin-runner's internal check of a config before it is enabled ({@code validateConfig}). */
@RegisterRestClient(configKey = "plugin-runner")
@Path("/api/internal/config-checks")
public interface PluginRunnerRestClient {

    /** Body {@code {"community", "config"}}; answer {@code {"verdict": "accepted|refused|unanswered", "message"?}}. */
    @POST
    @Path("/{plugin}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> check(@PathParam("plugin") String plugin, @HeaderParam(CallerHeader.NAME) String caller,
            JsonNode body);
}
