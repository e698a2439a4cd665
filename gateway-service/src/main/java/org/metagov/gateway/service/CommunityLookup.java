package org.metagov.gateway.service;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.metagov.events.EventJson;
import org.metagov.gateway.client.ServiceForwarder;
import org.metagov.gateway.config.GatewayConfig;
import org.metagov.gateway.messaging.CommunityDirectory;
import org.metagov.web.ApiException;

/**
 * Answers "does this community exist and has it enabled that plugin" from the communities topic, asking
 * community-service only when the topic has not caught up yet (a driver that just PUT its community).
 */
@ApplicationScoped
public class CommunityLookup {

    static final String HEADER = "X-Metagov-Community";

    private final CommunityDirectory directory;
    private final ServiceForwarder forwarder;
    private final GatewayConfig config;

    public CommunityLookup(CommunityDirectory directory, ServiceForwarder forwarder, GatewayConfig config) {
        this.directory = directory;
        this.forwarder = forwarder;
        this.config = config;
    }

    public static void requireHeader(String community) {
        if (community == null || community.isBlank()) {
            throw ApiException.badRequest("Missing required header '" + HEADER + "'");
        }
    }

    public Uni<Void> requireEnabled(String community, String plugin) {
        return pluginConfig(community, plugin).map(config -> {
            if (config.isEmpty()) {
                throw ApiException.badRequest("Plugin '" + plugin + "' is not enabled for community '" + community + "'");
            }
            return null;
        }).replaceWithVoid();
    }

    /** The community's version as read from the communities topic; null when the topic has not brought it yet. */
    public Long knownVersion(String community) {
        return directory.find(community).map(c -> c.version()).orElse(null);
    }

    /**
     * The plugin's config when the community has it enabled, empty when the community exists without it; fails
     * with 404 when the community does not exist. Asks community-service (whose answer leaves secrets out) only
     * when the topic has not delivered the community or the plugin yet.
     */
    public Uni<Optional<JsonNode>> pluginConfig(String community, String plugin) {
        var known = directory.find(community).map(c -> c.plugin(plugin));
        if (known.isPresent() && known.get() != null) {
            return Uni.createFrom().item(Optional.of(known.get().config()));
        }
        if (!community.matches("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")) {
            return Uni.createFrom().failure(ApiException.notFound("Community '" + community + "' does not exist"));
        }
        return forwarder.forward(config.communityServiceUrl(), "GET", "/api/internal/community/" + community, null,
                null, null).map(response -> {
                    if (response.getStatus() == 404) {
                        throw ApiException.notFound("Community '" + community + "' does not exist");
                    }
                    if (response.getStatus() != 200) {
                        throw ApiException.unavailable("Could not look up community '" + community + "'");
                    }
                    JsonNode body = EventJson.read(new String((byte[]) response.getEntity(), StandardCharsets.UTF_8),
                            JsonNode.class);
                    for (JsonNode p : body.path("plugins")) {
                        if (plugin.equals(p.path("name").asText())) {
                            return Optional.of(p.path("config"));
                        }
                    }
                    return Optional.<JsonNode>empty();
                });
    }
}
