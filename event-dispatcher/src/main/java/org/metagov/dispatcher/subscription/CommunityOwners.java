package org.metagov.dispatcher.subscription;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.Topics;
import org.metagov.messaging.CompactedTopicCache;
import org.metagov.web.Caller;

/**
 * Which driver each community belongs to, from the compacted communities topic (issue 13 records the owner there):
 * a subscription receives only events of its own driver's communities. The one place the dispatcher knows ownership.
 */
@ApplicationScoped
@Default
@Identifier("communities-cache")
public class CommunityOwners extends CompactedTopicCache<CommunityOwners.Owned> {

    /** The part of a community record the dispatcher reads (the rest, plugins' config included, is ignored). */
    public record Owned(String slug, String owner, long version) {
    }

    public CommunityOwners() {
        super(Topics.COMMUNITIES, Owned.class, Owned::version);
    }

    @Incoming("communities")
    public void onCommunity(ConsumerRecord<String, String> record) {
        apply(record);
    }

    /**
     * The owner; {@code local} for a record without one (written before owners existed, as the owners' migration
     * gives them to local) and for a community not (yet) on the topic, which is how every community was before
     * drivers: the events of a community whose record the dispatcher has not read go to local's subscriptions only.
     */
    public String ownerOf(String community) {
        return get(community).map(Owned::owner).filter(o -> !o.isEmpty()).orElse(Caller.LOCAL);
    }
}
