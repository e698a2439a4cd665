package org.metagov.community.service;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.EventJson;
import org.metagov.sdk.schema.JsonSchemas;

/**
 * What an audit entry says about a plugin config change: {@code changed} maps each changed non-secret property to
 * its new value (null when removed); {@code secrets_changed} only names the changed {@code writeOnly} properties, so
 * no secret value ever reaches the trail. Without the plugin's schema nothing can be told apart, so every changed
 * property is only named.
 */
final class ConfigChanges {

    private ConfigChanges() {
    }

    /** {@code before} null: a new instance (every property is a change). */
    static ObjectNode of(JsonNode schema, JsonNode before, JsonNode after) {
        Set<String> secrets = JsonSchemas.secretProperties(schema);
        boolean schemaKnown = schema != null && schema.path("properties").isObject();
        Set<String> names = new TreeSet<>();
        names(before, names);
        names(after, names);
        ObjectNode details = EventJson.MAPPER.createObjectNode();
        ObjectNode changed = details.putObject("changed");
        ArrayNode secretsChanged = details.putArray("secrets_changed");
        for (String name : names) {
            JsonNode old = before == null ? null : before.get(name);
            JsonNode now = after == null ? null : after.get(name);
            if (old == null ? now == null : old.equals(now)) {
                continue;
            }
            if (!schemaKnown || secrets.contains(name)) {
                secretsChanged.add(name);
            } else {
                changed.set(name, now == null ? NullNode.getInstance() : now.deepCopy());
            }
        }
        return details;
    }

    static boolean isEmpty(ObjectNode details) {
        return details.path("changed").isEmpty() && details.path("secrets_changed").isEmpty();
    }

    private static void names(JsonNode config, Set<String> into) {
        if (config != null && config.isObject()) {
            for (Iterator<String> it = config.fieldNames(); it.hasNext();) {
                into.add(it.next());
            }
        }
    }
}
