package org.metagov.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Persistent JSON values of one plugin instance, kept in PostgreSQL by the runner; dropped when the plugin is
 * disabled or re-configured (seed 001, "Persisting data").
 */
public interface PluginState {
    JsonNode get(String key);

    /** Stores any value Jackson can write; visible to every later action, listener and process of the instance. */
    void set(String key, Object value);

    default <T> T get(String key, Class<T> type) {
        JsonNode node = get(key);
        return node == null ? null : Json.MAPPER.convertValue(node, type);
    }
}
