package org.metagov.gateway.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.CommunityState;
import org.metagov.events.Topics;
import org.metagov.messaging.CompactedTopicCache;

/**
 * Communities and their enabled plugins, from the compacted communities topic. Holds plugin configs (for the
 * webhook_slug check); nothing here is ever rendered to a client.
 */
@ApplicationScoped
@Default // injected plainly; @Identifier names it as the channel's rebalance listener
@Identifier("communities-cache")
public class CommunityDirectory extends CompactedTopicCache<CommunityState> {

    public CommunityDirectory() {
        super(Topics.COMMUNITIES, CommunityState.class, CommunityState::version);
    }

    @Incoming("communities")
    public void onCommunity(ConsumerRecord<String, String> record) {
        apply(record);
    }

    public Optional<CommunityState> find(String slug) {
        return get(slug);
    }
}
