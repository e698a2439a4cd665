package org.metagov.events;

import java.time.Instant;
import java.util.List;

/**
 * The current state of one community, as published on the compacted {@link Topics#COMMUNITIES} topic keyed by
 * slug. A deleted community is a tombstone (null value). {@code version} grows with every change, so consumers can
 * ignore a record older than what they applied.
 *
 * <p>{@code owner} is the id of the driver the community belongs to (issue 13): every service answers another
 * driver's call about it as for an unknown community. Records written before owners existed have none: they
 * belong to {@value #DEFAULT_OWNER}, as the migration that introduced owners gave every stored community.
 */
public record CommunityState(String slug, String name, String readableName, List<PluginInstanceState> plugins,
        long version, Instant updatedAt, String owner) {

    /** The built-in driver of trusted local callers, owner of every community created before owners existed. */
    public static final String DEFAULT_OWNER = "local";

    public CommunityState {
        owner = owner == null || owner.isEmpty() ? DEFAULT_OWNER : owner;
    }

    public CommunityState(String slug, String name, String readableName, List<PluginInstanceState> plugins,
            long version, Instant updatedAt) {
        this(slug, name, readableName, plugins, version, updatedAt, DEFAULT_OWNER);
    }

    /** The first instance of the plugin (whether it is enabled at all); {@link #instances} for the others. */
    public PluginInstanceState plugin(String pluginName) {
        return plugins.stream().filter(p -> p.name().equals(pluginName)).findFirst().orElse(null);
    }

    /** Every instance of the plugin in the community, told apart by their {@code communityPlatformId}. */
    public List<PluginInstanceState> instances(String pluginName) {
        return plugins.stream().filter(p -> p.name().equals(pluginName)).toList();
    }

    /** The same community with other plugin records (their secrets sealed or opened), every other field kept. */
    public CommunityState withPlugins(List<PluginInstanceState> replaced) {
        return new CommunityState(slug, name, readableName, replaced, version, updatedAt, owner);
    }
}
