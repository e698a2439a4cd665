package org.metagov.gateway.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the gateway itself reads of a community-service community: which plugins it has enabled, with their config
 * (secrets left out by community-service). Every other field is ignored here; drivers get the whole body relayed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommunitySummary(List<Plugin> plugins) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Plugin(String name, JsonNode config) {
    }

    public Plugin plugin(String name) {
        if (plugins == null) {
            return null;
        }
        return plugins.stream().filter(p -> name.equals(p.name())).findFirst().orElse(null);
    }
}
