package org.metagov.process.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.EventJson;
import org.metagov.process.repository.ProcessRecord;

/**
 * A process as drivers see it (seed 003's GET shape), also the body of callbacks:
 * {@code {"id", "name", "community", "status", "errors", "outcome"}}. As in Metagov, errors and outcome are objects
 * ({@code {}}) until the plugin sets them.
 */
public final class ProcessView {

    private ProcessView() {
    }

    public static ObjectNode render(ProcessRecord p) {
        ObjectNode view = EventJson.MAPPER.createObjectNode();
        view.put("id", p.id());
        view.put("name", p.qualifiedName());
        view.put("community", p.community());
        view.put("status", p.status());
        view.set("errors", orEmpty(p.errors()));
        view.set("outcome", orEmpty(p.outcome()));
        return view;
    }

    private static JsonNode orEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? EventJson.MAPPER.createObjectNode() : value;
    }
}
