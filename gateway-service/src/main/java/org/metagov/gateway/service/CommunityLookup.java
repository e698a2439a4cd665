package org.metagov.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.metagov.events.CommunitySlug;
import org.metagov.events.CommunityState;
import org.metagov.events.PluginInstanceState;
import org.metagov.gateway.client.CommunityClient;
import org.metagov.gateway.client.CommunitySummary;
import org.metagov.gateway.messaging.CommunityDirectory;
import org.metagov.web.Caller;

/**
 * Answers "does this community exist and has it enabled that plugin" from the communities topic, asking
 * community-service only when the topic has not caught up yet (a driver that just PUT its community).
 */
@ApplicationScoped
public class CommunityLookup {

    /** What a lookup found; {@code config} and {@code communityVersion} only when the plugin is enabled. */
    public record PluginLookup(Found found, JsonNode config, Long communityVersion) {

        public enum Found {
            NO_COMMUNITY, NOT_ENABLED, ENABLED
        }

        static final PluginLookup NO_COMMUNITY = new PluginLookup(Found.NO_COMMUNITY, null, null);
        static final PluginLookup NOT_ENABLED = new PluginLookup(Found.NOT_ENABLED, null, null);

        public boolean enabled() {
            return found == Found.ENABLED;
        }
    }

    private final CommunityDirectory directory;
    private final CommunityClient communityService;

    public CommunityLookup(CommunityDirectory directory, CommunityClient communityService) {
        this.directory = directory;
        this.communityService = communityService;
    }

    /**
     * The community's plugin, read once from the topic (with the version the topic gave it); asks community-service
     * (whose answer leaves secrets out; the version stays the topic's, if any) only when the topic has not delivered the community or
     * the plugin yet. Another driver's community is {@code NO_COMMUNITY} for {@code caller} (issue 13); so it is in
     * community-service's answer, which takes the caller from the request.
     */
    public Uni<PluginLookup> plugin(String community, String plugin, Caller caller) {
        CommunityState known = directory.find(community).orElse(null);
        if (known != null && !caller.mayUse(known.owner())) {
            return Uni.createFrom().item(PluginLookup.NO_COMMUNITY);
        }
        PluginInstanceState instance = known == null ? null : known.plugin(plugin);
        if (instance != null) {
            return Uni.createFrom().item(new PluginLookup(PluginLookup.Found.ENABLED, instance.config(),
                    known.version()));
        }
        if (!CommunitySlug.isValid(community)) {
            return Uni.createFrom().item(PluginLookup.NO_COMMUNITY);
        }
        Long topicVersion = known == null ? null : known.version();
        return communityService.find(community).map(found -> {
            if (found.isEmpty()) {
                return PluginLookup.NO_COMMUNITY;
            }
            CommunitySummary.Plugin p = found.get().plugin(plugin);
            return p == null ? PluginLookup.NOT_ENABLED
                    : new PluginLookup(PluginLookup.Found.ENABLED, p.config(), topicVersion);
        });
    }
}
