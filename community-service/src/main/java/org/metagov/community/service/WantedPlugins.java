package org.metagov.community.service;

import java.util.ArrayList;
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
import org.metagov.events.InstanceChoice;
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
        InstanceKey key() {
            return new InstanceKey(name, platformId);
        }
    }

    /** What tells instances apart: in one community, a plugin has one instance per platform id (null included). */
    record InstanceKey(String name, String platformId) {
        static InstanceKey of(PluginInstanceEntity p, PluginCatalog catalog) {
            return new InstanceKey(p.pluginName, WantedPlugins.platformId(p, catalog));
        }
    }

    private WantedPlugins() {
    }

    /**
     * The instances of a request, in its order; every error of every entry at once. An entry is keyed by its
     * (name, community_platform_id): given, or derived from the config; without either it is the only stored
     * instance of that name (ambiguous with several: an error listing them).
     */
    static Map<InstanceKey, WantedPlugin> of(List<CommunityRequest.PluginRequest> requests, CommunityEntity stored,
            PluginCatalog catalog) {
        List<String> errors = new ArrayList<>();
        Map<InstanceKey, WantedPlugin> wanted = new LinkedHashMap<>();
        for (CommunityRequest.PluginRequest request : requests) {
            PluginDescriptor descriptor = descriptor(catalog, request.name());
            WantedPlugin plugin = wanted(descriptor, request, instances(stored, request.name()), catalog, errors);
            if (plugin != null && wanted.putIfAbsent(plugin.key(), plugin) != null) {
                errors.add(request.name() + ": listed more than once" + (plugin.platformId() == null ? ""
                        : " with community_platform_id '" + plugin.platformId() + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid plugin configuration", errors);
        }
        return wanted;
    }

    /** The instances stored, as they are, for a write that changes another one. */
    static Map<InstanceKey, WantedPlugin> stored(CommunityEntity community, PluginCatalog catalog) {
        Map<InstanceKey, WantedPlugin> kept = new LinkedHashMap<>();
        for (PluginInstanceEntity p : community.plugins) {
            ObjectNode config = EventJson.read(p.config, ObjectNode.class);
            WantedPlugin w = new WantedPlugin(p.pluginName, config, platformId(p, catalog), Json.object());
            kept.put(w.key(), w);
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

    /** The community's stored instance with this key, or null (none, or a new community). */
    static PluginInstanceEntity instance(CommunityEntity community, InstanceKey key, PluginCatalog catalog) {
        return community == null ? null : community.plugins.stream()
                .filter(p -> InstanceKey.of(p, catalog).equals(key)).findFirst().orElse(null);
    }

    /** The community's instances of the plugin (none for a new community). */
    static List<PluginInstanceEntity> instances(CommunityEntity community, String pluginName) {
        if (community == null) {
            return List.of();
        }
        return community.plugins.stream().filter(p -> p.pluginName.equals(pluginName)).toList();
    }

    /** One instance checked against the stored ones of its plugin; null with {@code errors} added when invalid. */
    static WantedPlugin wanted(PluginDescriptor descriptor, CommunityRequest.PluginRequest request,
            List<PluginInstanceEntity> storedOfName, PluginCatalog catalog, List<String> errors) {
        String derived = descriptor.platformIdOf(request.config());
        String given = request.communityPlatformId();
        if (given != null && derived != null && !given.equals(derived)) {
            errors.add(request.name() + ": community_platform_id '" + given + "' contradicts config."
                    + descriptor.platformIdKey() + " '" + derived + "'");
            return null;
        }
        String platformId = derived != null ? derived : given;
        boolean fromPlugin = descriptor.platformIdKey() == null || descriptor.platformIdKey().isEmpty();
        if (platformId == null && fromPlugin && storedOfName.size() > 1) {
            InstanceChoice<PluginInstanceEntity> choice = InstanceChoice.of(storedOfName,
                    p -> platformId(p, catalog), null);
            errors.add(request.name() + ": " + choice.message(request.name(), storedOfName.get(0).community.slug,
                    null));
            return null;
        }
        if (platformId == null && fromPlugin && storedOfName.size() == 1) {
            // the only instance: its id stays (the driver's, or what the plugin reported from initialize())
            platformId = platformId(storedOfName.get(0), catalog);
        }
        String key = platformId;
        PluginInstanceEntity stored = storedOfName.stream()
                .filter(p -> java.util.Objects.equals(key, platformId(p, catalog))).findFirst().orElse(null);
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
        if (errors.size() > before) {
            return null;
        }
        return new WantedPlugin(request.name(), config, platformId, sentSecrets);
    }
}
