package org.metagov.gateway.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.metagov.events.CommunitySlug;
import org.metagov.events.CommunityState;
import org.metagov.events.InstanceChoice;
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

    /** One instance as the gateway needs it: its config (secrets left out when it came from community-service). */
    public record Instance(JsonNode config, String communityPlatformId, String webhookSlug) {
    }

    /** What a lookup found; {@code instances} and {@code communityVersion} only when the plugin is enabled. */
    public record PluginLookup(Found found, List<Instance> instances, Long communityVersion) {

        public enum Found {
            NO_COMMUNITY, NOT_ENABLED, ENABLED
        }

        static final PluginLookup NO_COMMUNITY = new PluginLookup(Found.NO_COMMUNITY, List.of(), null);
        static final PluginLookup NOT_ENABLED = new PluginLookup(Found.NOT_ENABLED, List.of(), null);

        public boolean enabled() {
            return found == Found.ENABLED;
        }

        /** Which instance a call means (by platform id, else the only one): the rule every service applies. */
        public InstanceChoice<Instance> choose(String communityPlatformId) {
            return InstanceChoice.of(instances, Instance::communityPlatformId, communityPlatformId);
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
        List<PluginInstanceState> instances = known == null ? List.of() : known.instances(plugin);
        if (!instances.isEmpty()) {
            return Uni.createFrom().item(new PluginLookup(PluginLookup.Found.ENABLED, instances.stream()
                    .map(i -> new Instance(i.config(), i.communityPlatformId(), i.webhookSlug())).toList(),
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
            List<CommunitySummary.Plugin> ofPlugin = found.get().instances(plugin);
            // (community-service's view shows no generated hook slug: until the topic has the community, a hook
            // reaches an instance by its configured webhook_slug only)
            return ofPlugin.isEmpty() ? PluginLookup.NOT_ENABLED
                    : new PluginLookup(PluginLookup.Found.ENABLED, ofPlugin.stream()
                            .map(p -> new Instance(p.config(), p.communityPlatformId(),
                                    new PluginInstanceState(null, plugin, p.config()).webhookSlug()))
                            .toList(), topicVersion);
        });
    }
}
