package org.metagov.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One enabled plugin of a community. {@code id} changes whenever the instance is re-created (enabled again or
 * re-configured), which is how plugin-runner knows to run {@code initialize()} again and drop the old state.
 * {@code config} holds secrets: this record travels only on internal topics and is never returned by a GET.
 */
public record PluginInstanceState(String id, String name, JsonNode config) {
}
