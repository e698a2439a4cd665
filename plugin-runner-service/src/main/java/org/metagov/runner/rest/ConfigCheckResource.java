package org.metagov.runner.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.CommunitySlug;
import org.metagov.runner.service.ConfigChecks;
import org.metagov.runner.service.ConfigChecks.Verdict;
import org.metagov.sdk.Json;
import org.metagov.web.ApiException;
import org.metagov.web.JsonBodies;

/**
 * community-service asks here, before it commits an enable, whether a plugin accepts a config
 * ({@code validateConfig}); only services of the deployment reach it (the caller header's HMAC). Body
 * {@code {"community", "config"}}; answer {@code {"verdict": "accepted|refused|unanswered", "message"?}}.
 */
@Path("/api/internal/config-checks")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigCheckResource {

    private final ConfigChecks checks;

    public ConfigCheckResource(ConfigChecks checks) {
        this.checks = checks;
    }

    @POST
    @Path("/{plugin}")
    public ObjectNode check(@PathParam("plugin") String plugin, byte[] body) {
        ObjectNode request = JsonBodies.object(body);
        JsonNode community = request.path("community");
        JsonNode config = request.path("config");
        if (!community.isTextual() || !CommunitySlug.isValid(community.asText())) {
            throw ApiException.badRequest("'community' must be a community slug");
        }
        if (!config.isObject()) {
            throw ApiException.badRequest("'config' must be a JSON object");
        }
        Verdict verdict = checks.check(community.asText(), plugin, config)
                .orElseThrow(() -> ApiException.notFound("No plugin named '" + plugin + "'"));
        ObjectNode answer = Json.object().put("verdict", verdict.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (verdict.message() != null) {
            answer.put("message", verdict.message());
        }
        return answer;
    }
}
