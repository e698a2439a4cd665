package org.metagov.community.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.community.messaging.PluginCatalog;
import org.metagov.community.repository.CommunityEntity;
import org.metagov.community.repository.PluginInstanceEntity;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.sdk.Json;
import org.metagov.sdk.schema.JsonSchemas;
import org.metagov.web.ApiException;

/**
 * Turns the plugins a write names into what is to be stored: each checked against the catalog and its config
 * schema (defaults filled in), with its {@code community_platform_id}, and the secrets the request sent (the write's
 * response shows those, and only those). A secret the request leaves out keeps its stored value: reads never show
 * secrets, so a driver that sends back what it read would otherwise lose them.
 */
final class WantedPlugins {

    /** One plugin as a write wants it stored. */
    record WantedPlugin(String name, ObjectNode config, String platformId, ObjectNode sentSecrets) {
    }

    private WantedPlugins() {
    }

    /** The plugins of a request, in its order; every error of every entry at once. */
    static Map<String, WantedPlugin> of(List<CommunityRequest.PluginRequest> requests, CommunityEntity stored,
            PluginCatalog catalog) {
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, WantedPlugin> wanted = new LinkedHashMap<>();
        for (CommunityRequest.PluginRequest request : requests) {
            if (!seen.add(request.name())) {
                errors.add(request.name() + ": listed more than once");
                continue;
            }
            PluginDescriptor descriptor = descriptor(catalog, request.name());
            WantedPlugin plugin = wanted(descriptor, request, instance(stored, request.name()), errors);
            if (plugin != null) {
                wanted.put(request.name(), plugin);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid plugin configuration", errors);
        }
        return wanted;
    }

    /** The plugins stored, as they are, for a write that changes another one. */
    static Map<String, WantedPlugin> stored(CommunityEntity community, PluginCatalog catalog) {
        Map<String, WantedPlugin> kept = new LinkedHashMap<>();
        for (PluginInstanceEntity p : community.plugins) {
            ObjectNode config = EventJson.read(p.config, ObjectNode.class);
            kept.put(p.pluginName, new WantedPlugin(p.pluginName, config, platformId(p, catalog), Json.object()));
        }
        return kept;
    }

    /** The stored platform id; a row older than the column derives it from its config, by the same rule. */
    static String platformId(PluginInstanceEntity p, PluginCatalog catalog) {
        if (p.communityPlatformId != null) {
            return p.communityPlatformId;
        }
        return catalog.find(p.pluginName).map(d -> d.platformIdOf(EventJson.read(p.config, JsonNode.class)))
                .orElse(null);
    }

    static PluginDescriptor descriptor(PluginCatalog catalog, String name) {
        PluginDescriptor descriptor = catalog.find(name).orElse(null);
        if (descriptor == null) {
            if (catalog.isEmpty()) {
                throw ApiException.unavailable("The plugin catalog is not loaded yet; retry shortly");
            }
            throw ApiException.badRequest("Unknown plugin '" + name + "'", List.of(name));
        }
        return descriptor;
    }

    static PluginInstanceEntity instance(CommunityEntity community, String pluginName) {
        if (community == null) {
            return null;
        }
        return community.plugins.stream().filter(p -> p.pluginName.equals(pluginName)).findFirst().orElse(null);
    }

    /** One plugin checked; null with {@code errors} added when it is invalid. */
    static WantedPlugin wanted(PluginDescriptor descriptor, CommunityRequest.PluginRequest request,
            PluginInstanceEntity stored, List<String> errors) {
        ObjectNode config = request.config().deepCopy();
        ObjectNode sentSecrets = Json.object();
        Set<String> secrets = JsonSchemas.secretProperties(descriptor.configSchema());
        ObjectNode storedConfig = stored == null ? null : EventJson.read(stored.config, ObjectNode.class);
        for (String secret : secrets) {
            if (config.has(secret)) {
                sentSecrets.set(secret, config.get(secret));
            } else if (storedConfig != null && storedConfig.has(secret)) {
                config.set(secret, storedConfig.get(secret));
            }
        }
        int before = errors.size();
        JsonSchemas.validate(descriptor.configSchema(), config).forEach(e -> errors.add(request.name() + ": " + e));
        String derived = descriptor.platformIdOf(config);
        String given = request.communityPlatformId();
        if (given != null && derived != null && !given.equals(derived)) {
            errors.add(request.name() + ": community_platform_id '" + given + "' contradicts config."
                    + descriptor.platformIdKey() + " '" + derived + "'");
        }
        if (errors.size() > before) {
            return null;
        }
        String platformId = derived != null ? derived : given;
        boolean fromPlugin = descriptor.platformIdKey() == null || descriptor.platformIdKey().isEmpty();
        if (platformId == null && stored != null && fromPlugin) {
            // the id the plugin reported from initialize() (Loomio's group) stays with its instance
            platformId = stored.communityPlatformId;
        }
        return new WantedPlugin(request.name(), config, platformId, sentSecrets);
    }
}
