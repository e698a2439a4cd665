package org.metagov.gateway.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the gateway itself reads of a community-service community: which plugins it has enabled, with their config
 * (secrets left out by community-service). Every other field is ignored here; drivers get the whole body relayed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommunitySummary(List<Plugin> plugins) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Plugin(String name, JsonNode config,
            @JsonProperty("community_platform_id") String communityPlatformId) {
    }

    /** The community's instances of the plugin (several: told apart by their platform id). */
    public List<Plugin> instances(String name) {
        if (plugins == null) {
            return List.of();
        }
        return plugins.stream().filter(p -> name.equals(p.name())).toList();
    }
}
