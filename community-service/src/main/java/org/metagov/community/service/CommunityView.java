package org.metagov.community.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.community.messaging.PluginCatalog;
import org.metagov.community.repository.CommunityEntity;
import org.metagov.community.repository.PluginInstanceEntity;
import org.metagov.events.EventJson;
import org.metagov.sdk.Json;
import org.metagov.sdk.schema.JsonSchemas;

/** Renders a community as drivers see it (seed 002 shape), with secret config properties left out. */
final class CommunityView {

    private CommunityView() {
    }

    static ObjectNode render(CommunityEntity community, PluginCatalog catalog) {
        ObjectNode view = Json.object();
        view.put("name", community.slug);
        view.put("readable_name", community.readableName);
        ArrayNode plugins = view.putArray("plugins");
        for (PluginInstanceEntity p : community.plugins) {
            ObjectNode plugin = plugins.addObject();
            plugin.put("name", p.pluginName);
            plugin.put("id", p.id);
            JsonNode config = EventJson.read(p.config, JsonNode.class);
            // without the plugin's schema we cannot tell secrets apart, so nothing of the config is shown
            catalog.find(p.pluginName).ifPresentOrElse(
                    d -> plugin.set("config", JsonSchemas.redact(d.configSchema(), config)),
                    () -> plugin.set("config", Json.object()));
        }
        return view;
    }
}
