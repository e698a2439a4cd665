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
import org.metagov.events.InstanceChoice;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.QualifiedName;
import org.metagov.events.PluginDescriptor.ActionDescriptor;
import org.metagov.gateway.config.GatewayConfig;
import org.metagov.gateway.messaging.ActionRequester;
import org.metagov.gateway.messaging.PluginCatalog;
import org.metagov.sdk.Json;
import org.metagov.sdk.schema.JsonSchemas;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;
import org.metagov.web.CallerContext;

/** Performs a plugin action for a driver (seed 003, "Performing Actions"): check, send, wait, check the answer. */
@ApplicationScoped
public class ActionService {

    private final PluginCatalog catalog;
    private final CommunityLookup communities;
    private final ActionRequester requester;
    private final GatewayConfig config;
    private final CallerContext caller;

    public ActionService(PluginCatalog catalog, CommunityLookup communities, ActionRequester requester,
            GatewayConfig config, CallerContext caller) {
        this.caller = caller;
        this.catalog = catalog;
        this.communities = communities;
        this.requester = requester;
        this.config = config;
    }

    /**
     * An action at {@code /api/internal/action/<plugin>.<action>}: any action of the plugin, in one of the calling
     * driver's communities (another driver's is answered as unknown). {@code platformId} (the
     * {@code community_platform_id} query parameter, or null) picks one of several instances of the plugin.
     */
    public Uni<JsonNode> perform(String community, String qualifiedName, JsonNode body, String platformId) {
        return perform(community, qualifiedName, body, platformId, Exposure.INTERNAL, caller.caller());
    }

    /** An action at {@code /api/action/<plugin>.<action>}: only those the plugin flags public, for anyone. */
    public Uni<JsonNode> performPublic(String community, String qualifiedName, JsonNode body, String platformId) {
        return perform(community, qualifiedName, body, platformId, Exposure.PUBLIC, Caller.gateway());
    }

    private enum Exposure {
        INTERNAL, PUBLIC
    }

    private Uni<JsonNode> perform(String community, String qualifiedName, JsonNode body, String platformIdQuery,
            Exposure exposure, Caller driver) {
        QualifiedName name = QualifiedName.parse(qualifiedName).orElseThrow(() -> ApiException.notFound(
                "No action '" + qualifiedName + "': expected <plugin>.<action>"));
        PluginDescriptor plugin = catalog.find(name.plugin())
                .orElseThrow(() -> ApiException.notFound("Unknown plugin '" + name.plugin() + "'"));
        ActionDescriptor action = plugin.action(name.name());
        boolean publicOnly = exposure == Exposure.PUBLIC;
        if (action == null || (publicOnly && !action.isPublic())) {
            throw ApiException.notFound("Plugin '" + name.plugin() + "' has no " + (publicOnly ? "public " : "")
                    + "action '" + name.name() + "'");
        }
        ObjectNode parameters = parameters(body);
        String platformId = platformId(platformIdQuery, body);
        // an unknown community or a plugin it has not enabled is said before anything about the parameters
        return communities.plugin(community, name.plugin(), driver)
                .invoke(found -> {
                    if (found.found() == CommunityLookup.PluginLookup.Found.NO_COMMUNITY) {
                        throw ApiException.notFound("Community '" + community + "' does not exist");
                    }
                    if (!found.enabled()) {
                        throw ApiException.badRequest("Plugin '" + name.plugin() + "' is not enabled for community '"
                                + community + "'");
                    }
                    InstanceChoice<CommunityLookup.Instance> choice = found.choose(platformId);
                    if (choice.chosen() == null) {
                        throw ApiException.badRequest(choice.message(name.plugin(), community, platformId),
                                choice.details());
                    }
                    List<String> errors = JsonSchemas.validate(action.inputSchema(), parameters);
                    if (!errors.isEmpty()) {
                        throw ApiException.badRequest("Invalid parameters for " + name, errors);
                    }
                })
                .flatMap(x -> requester.call(new ActionRequest(UUID.randomUUID().toString(), community, name.plugin(),
                        name.name(), parameters, Instant.now().plus(config.actionTimeout()), platformId)))
                .map(reply -> answer(name, action, reply));
    }

    /**
     * The instance the driver names: {@code ?community_platform_id=} or the body's {@code community_platform_id}
     * beside {@code parameters} (a string or an integer); both must agree. Null: the plugin's only instance.
     */
    private static String platformId(String query, JsonNode body) {
        JsonNode inBody = body != null && body.isObject() ? body.get("community_platform_id") : null;
        String fromBody = null;
        if (inBody != null && !inBody.isNull()) {
            if (!(inBody.isTextual() || inBody.isIntegralNumber()) || inBody.asText().isEmpty()) {
                throw ApiException.badRequest("'community_platform_id' must be a non-empty string or an integer",
                        List.of("community_platform_id"));
            }
            fromBody = inBody.asText();
        }
        if (query != null && query.isEmpty()) {
            throw ApiException.badRequest("Query parameter community_platform_id must not be empty",
                    List.of("community_platform_id"));
        }
        if (query != null && fromBody != null && !query.equals(fromBody)) {
            throw ApiException.badRequest("The query's community_platform_id '" + query + "' differs from the body's '"
                    + fromBody + "'", List.of("community_platform_id"));
        }
        return query != null ? query : fromBody;
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

    private static JsonNode answer(QualifiedName qualifiedName, ActionDescriptor action, ActionReply reply) {
        switch (reply.outcome()) {
            case OK -> {
                List<String> errors = JsonSchemas.validate(action.outputSchema(), reply.result());
                if (!errors.isEmpty()) {
                    throw new ApiException(502, "bad_plugin_output",
                            "The output of " + qualifiedName + " does not match its schema", errors);
                }
                return reply.result();
            }
            case REJECTED -> throw ApiException.badRequest(reply.message(),
                    reply.details().stream().map(JsonNode::asText).toList());
            case NOT_ENABLED -> throw ApiException.badRequest(reply.message());
            case TIMED_OUT -> throw new ApiException(504, "timeout", reply.message());
            case TOO_BUSY -> throw ApiException.tooManyRequests(reply.message(), java.time.Duration.ofSeconds(
                    reply.retryAfterSeconds() == null ? 1 : reply.retryAfterSeconds()));
            default -> throw new ApiException(502, "plugin_failed", reply.message(), reply.details());
        }
    }
}
