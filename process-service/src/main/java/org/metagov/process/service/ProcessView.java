package org.metagov.process.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.EventJson;
import org.metagov.process.repository.ProcessRecord;

/**
 * The one mapping of a process to what drivers see, upstream Metagov's record: the body of GET, DELETE and of
 * callbacks, {@code {"id", "name": "<plugin>.<process>", "community", "status", "url", "errors", "outcome"}}. As in
 * Metagov, errors and outcome are objects ({@code {}}) until the plugin sets them, and url is null until it has one.
 */
public final class ProcessView {

    private ProcessView() {
    }

    public static ObjectNode render(ProcessRecord p) {
        ObjectNode view = EventJson.MAPPER.createObjectNode();
        view.put("id", p.id());
        view.put("name", p.qualifiedName().toString());
        view.put("community", p.community());
        view.put("status", p.status().value());
        view.put("url", p.url());
        view.set("errors", orEmpty(p.errors()));
        view.set("outcome", orEmpty(p.outcome()));
        return view;
    }

    private static JsonNode orEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? EventJson.MAPPER.createObjectNode() : value;
    }
}
