package org.metagov.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.metagov.events.PluginDescriptor;
import org.metagov.gateway.client.CommunityClient;
import org.metagov.gateway.messaging.PluginCatalog;
import org.metagov.gateway.openapi.DriverSchemas;
import org.metagov.web.ApiException;
import org.metagov.web.MetagovHeaders;

/**
 * Metagov's per-plugin endpoints: enabling and disabling one plugin (community-service owns instances) and what a
 * plugin takes (from the catalog).
 */
@Path("/api/internal/plugin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "plugins")
public class PluginResource {

    private final CommunityClient communities;
    private final PluginCatalog catalog;

    public PluginResource(CommunityClient communities, PluginCatalog catalog) {
        this.communities = communities;
        this.catalog = catalog;
    }

    @POST
    @Path("/{name}")
    @Operation(summary = "Enable a plugin for a community", description = "201 when created, 200 when the same "
            + "config was enabled already.")
    @Parameter(name = "community_platform_id", in = ParameterIn.QUERY,
            description = "The platform's id of the community; must agree with the config key")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DriverSchemas.PluginConfig.class)))
    @APIResponse(responseCode = "201", description = "Enabled", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.PluginInstance.class)))
    @APIResponse(responseCode = "200", description = "Enabled already with this config", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.PluginInstance.class)))
    @APIResponse(responseCode = "400", description = "Missing header, invalid config, or a community_platform_id "
            + "that contradicts it", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DriverSchemas.Error.class)))
    @APIResponse(responseCode = "404", description = "Unknown community or plugin", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> enable(@PathParam("name") String name,
            @Parameter(description = "Slug of the community", required = true)
            @HeaderParam(MetagovHeaders.COMMUNITY) String community,
            @Context HttpServerRequest request, byte[] body) {
        return communities.enablePlugin(name, community, OwnerAnswers.query(request), body)
                .map(OwnerAnswers::response);
    }

    /** No community header needed: the instance id names the instance (upstream; PolicyKit sends none). */
    @DELETE
    @Path("/{name}/{id}")
    @Operation(summary = "Disable a plugin instance", description = "By its integer id; no community header needed.")
    @APIResponse(responseCode = "204", description = "Disabled")
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public Uni<Response> disable(@PathParam("name") String name, @PathParam("id") String id,
            @Parameter(hidden = true) @HeaderParam(MetagovHeaders.COMMUNITY) String community,
            @Context HttpServerRequest request) {
        return communities.disablePlugin(name, id, community, OwnerAnswers.query(request))
                .map(OwnerAnswers::response);
    }

    @GET
    @Path("/{name}/metadata")
    @Operation(summary = "What a plugin takes: its config schema, actions, processes and events")
    @APIResponse(responseCode = "404", description = "Unknown plugin", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DriverSchemas.Error.class)))
    public ObjectNode metadata(@PathParam("name") String name) {
        return PluginMetadataView.of(catalog.find(name)
                .orElseThrow(() -> ApiException.notFound("Unknown plugin '" + name + "'")));
    }
}
