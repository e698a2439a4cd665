package org.metagov.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.PluginDescriptor.ActionDescriptor;
import org.metagov.gateway.config.GatewayConfig;
import org.metagov.gateway.messaging.ActionRequester;
import org.metagov.gateway.messaging.PluginCatalog;
import org.metagov.sdk.Json;
import org.metagov.sdk.schema.JsonSchemas;
import org.metagov.web.ApiException;

/** Performs a plugin action for a driver (seed 003, "Performing Actions"): check, send, wait, check the answer. */
@ApplicationScoped
public class ActionService {

    private final PluginCatalog catalog;
    private final CommunityLookup communities;
    private final ActionRequester requester;
    private final GatewayConfig config;

    public ActionService(PluginCatalog catalog, CommunityLookup communities, ActionRequester requester,
            GatewayConfig config) {
        this.catalog = catalog;
        this.communities = communities;
        this.requester = requester;
        this.config = config;
    }

    public Uni<JsonNode> perform(String community, String qualifiedName, JsonNode body, boolean publicOnly) {
        int dot = qualifiedName.indexOf('.');
        if (dot <= 0 || dot == qualifiedName.length() - 1) {
            throw ApiException.notFound("No action '" + qualifiedName + "': expected <plugin>.<action>");
        }
        String pluginName = qualifiedName.substring(0, dot);
        String slug = qualifiedName.substring(dot + 1);
        PluginDescriptor plugin = catalog.find(pluginName)
                .orElseThrow(() -> ApiException.notFound("Unknown plugin '" + pluginName + "'"));
        ActionDescriptor action = plugin.action(slug);
        if (action == null || (publicOnly && !action.isPublic())) {
            throw ApiException.notFound("Plugin '" + pluginName + "' has no " + (publicOnly ? "public " : "")
                    + "action '" + slug + "'");
        }
        CommunityLookup.requireHeader(community);
        ObjectNode parameters = parameters(body);
        // an unknown community or a plugin it has not enabled is said before anything about the parameters
        return communities.requireEnabled(community, pluginName)
                .invoke(x -> {
                    List<String> errors = JsonSchemas.validate(action.inputSchema(), parameters);
                    if (!errors.isEmpty()) {
                        throw ApiException.badRequest("Invalid parameters for " + qualifiedName, errors);
                    }
                })
                .flatMap(x -> requester.call(new ActionRequest(UUID.randomUUID().toString(), community, pluginName,
                        slug, parameters, Instant.now().plus(config.actionTimeout())), config.actionTimeout()))
                .map(reply -> answer(qualifiedName, action, reply));
    }

    private static ObjectNode parameters(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return Json.object();
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object like {\"parameters\": {...}}");
        }
        JsonNode parameters = body.path("parameters");
        if (parameters.isMissingNode() || parameters.isNull()) {
            return Json.object();
        }
        if (!parameters.isObject()) {
            throw ApiException.badRequest("'parameters' must be a JSON object");
        }
        return (ObjectNode) parameters;
    }

    private static JsonNode answer(String qualifiedName, ActionDescriptor action, ActionReply reply) {
        switch (reply.outcome()) {
            case OK -> {
                List<String> errors = JsonSchemas.validate(action.outputSchema(), reply.result());
                if (!errors.isEmpty()) {
                    throw new ApiException(502, "bad_plugin_output",
                            "The output of " + qualifiedName + " does not match its schema", errors);
                }
                return reply.result();
            }
            case REJECTED -> throw ApiException.badRequest(reply.message());
            case NOT_ENABLED -> throw ApiException.badRequest(reply.message());
            case TIMED_OUT -> throw new ApiException(504, "timeout", reply.message());
            default -> throw new ApiException(502, "plugin_failed", reply.message());
        }
    }
}
