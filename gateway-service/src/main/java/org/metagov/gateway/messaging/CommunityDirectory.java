package org.metagov.gateway.messaging;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;

/**
 * Communities and their enabled plugins, from the compacted communities topic. Holds plugin configs (for the
 * webhook_slug check); nothing here is ever rendered to a client.
 */
@ApplicationScoped
public class CommunityDirectory {

    private final Map<String, CommunityState> communities = new ConcurrentHashMap<>();

    @Incoming("communities")
    public void onCommunity(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            communities.remove(record.key());
            return;
        }
        CommunityState state = EventJson.read(record.value(), CommunityState.class);
        communities.merge(state.slug(), state, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    public Optional<CommunityState> find(String slug) {
        return Optional.ofNullable(communities.get(slug));
    }
}
