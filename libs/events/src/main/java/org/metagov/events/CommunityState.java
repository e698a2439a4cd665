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

    public PluginInstanceState plugin(String pluginName) {
        return plugins.stream().filter(p -> p.name().equals(pluginName)).findFirst().orElse(null);
    }

    /** The same community with other plugin records (their secrets sealed or opened), every other field kept. */
    public CommunityState withPlugins(List<PluginInstanceState> replaced) {
        return new CommunityState(slug, name, readableName, replaced, version, updatedAt);
    }
}
