package org.metagov.community.service;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.community.messaging.PluginCatalog;
import org.metagov.community.repository.CommunityEntity;
import org.metagov.community.repository.PluginInstanceEntity;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.sdk.Json;
import org.metagov.sdk.schema.JsonSchemas;

/**
 * Renders a community as drivers see it: upstream Metagov's fields ({@code slug}, {@code readable_name},
 * {@code plugins} with {@code id}, {@code name}, {@code config}, {@code community}, {@code community_platform_id},
 * {@code auth_type}), plus seed 002's {@code name}, equal to the slug. Secret config properties are left out, except
 * those the write being answered sent itself ({@code sentSecrets}, by instance): PolicyKit reads an API key back
 * from the enable response.
 */
final class CommunityView {

    private CommunityView() {
    }

    static ObjectNode render(CommunityEntity community, PluginCatalog catalog) {
        return render(community, catalog, Map.of());
    }

    static ObjectNode render(CommunityEntity community, PluginCatalog catalog,
            Map<WantedPlugins.InstanceKey, ObjectNode> sentSecrets) {
        ObjectNode view = Json.object();
        view.put("slug", community.slug);
        view.put("name", community.slug);
        view.put("readable_name", community.readableName);
        ArrayNode plugins = view.putArray("plugins");
        for (PluginInstanceEntity p : community.plugins) {
            plugins.add(plugin(community, p, catalog, sentSecrets.get(WantedPlugins.InstanceKey.of(p, catalog))));
        }
        return view;
    }

    static ObjectNode plugin(CommunityEntity community, PluginInstanceEntity p, PluginCatalog catalog,
            ObjectNode sentSecrets) {
        ObjectNode plugin = Json.object();
        plugin.put("id", p.publicId);
        plugin.put("name", p.pluginName);
        JsonNode config = EventJson.read(p.config, JsonNode.class);
        PluginDescriptor descriptor = catalog.find(p.pluginName).orElse(null);
        if (descriptor == null) {
            // without the plugin's schema we cannot tell secrets apart, so nothing of the config is shown
            plugin.set("config", Json.object());
        } else {
            JsonNode shown = JsonSchemas.redact(descriptor.configSchema(), config);
            if (sentSecrets != null && shown instanceof ObjectNode object) {
                object.setAll(sentSecrets);
            }
            plugin.set("config", shown);
        }
        plugin.put("community", community.slug);
        plugin.put("community_platform_id", WantedPlugins.platformId(p, catalog));
        plugin.put("auth_type", descriptor == null ? PluginDescriptor.AUTH_NONE : descriptor.authTypeOrNone());
        return plugin;
    }
}
