package org.metagov.events;

import java.time.Instant;
import java.util.List;

/**
 * The current state of one community, as published on the compacted {@link Topics#COMMUNITIES} topic keyed by
 * slug. A deleted community is a tombstone (null value). {@code version} grows with every change, so consumers can
 * ignore a record older than what they applied.
 */
public record CommunityState(String slug, String name, String readableName, List<PluginInstanceState> plugins,
        long version, Instant updatedAt) {

    /** The first instance of the plugin (whether it is enabled at all); {@link #instances} for the others. */
    public PluginInstanceState plugin(String pluginName) {
        return plugins.stream().filter(p -> p.name().equals(pluginName)).findFirst().orElse(null);
    }

    /** Every instance of the plugin in the community, told apart by their {@code communityPlatformId}. */
    public List<PluginInstanceState> instances(String pluginName) {
        return plugins.stream().filter(p -> p.name().equals(pluginName)).toList();
    }
}
