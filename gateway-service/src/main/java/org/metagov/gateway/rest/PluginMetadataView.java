package org.metagov.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;

/**
 * A catalog descriptor in upstream Metagov's metadata shape: {@code name}, {@code auth_type}, {@code uses_webhook}
 * and {@code schemas} (config, actions and processes with {@code <plugin>.}-prefixed ids, events), which PolicyKit
 * reads to render a plugin's settings form.
 */
final class PluginMetadataView {

    private PluginMetadataView() {
    }

    /** The config schema, or {@code {}} when the plugin takes no configuration (upstream's plugin-schemas value). */
    static JsonNode configSchema(PluginDescriptor d) {
        return d.configSchema() == null || d.configSchema().isNull() ? EventJson.MAPPER.createObjectNode()
                : d.configSchema();
    }

    static ObjectNode of(PluginDescriptor d) {
        ObjectNode view = EventJson.MAPPER.createObjectNode();
        view.put("name", d.name());
        view.put("description", blankToNull(d.description()));
        view.put("auth_type", d.authTypeOrNone());
        view.put("uses_webhook", d.webhookReceiver());
        ObjectNode schemas = view.putObject("schemas");
        schemas.set("config", configSchema(d));
        ArrayNode actions = schemas.putArray("actions");
        for (PluginDescriptor.ActionDescriptor a : d.actions()) {
            ObjectNode action = actions.addObject();
            action.put("id", d.name() + "." + a.slug());
            action.put("description", blankToNull(a.description()));
            action.set("parameters_schema", a.inputSchema());
            action.set("response_schema", a.outputSchema());
        }
        ArrayNode processes = schemas.putArray("processes");
        for (PluginDescriptor.ProcessDescriptor p : d.processes()) {
            ObjectNode process = processes.addObject();
            process.put("id", d.name() + "." + p.name());
            process.put("description", blankToNull(p.description()));
            process.set("parameters_schema", p.inputSchema());
            process.set("response_schema", p.outcomeSchema());
        }
        // plugins do not declare their event types yet (upstream lists {event_type, source, schema} entries)
        schemas.putArray("events");
        return view;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
