package org.metagov.process.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import io.smallrye.common.annotation.Identifier;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.CommunityState;
import org.metagov.events.Topics;
import org.metagov.messaging.CompactedTopicCache;

/** Every community and its enabled plugins, rebuilt from the compacted communities topic on every start. */
@ApplicationScoped
@Default // injected plainly; @Identifier names it as the channel's rebalance listener
@Identifier("communities-cache")
public class CommunityDirectory extends CompactedTopicCache<CommunityState> {

    private static final Duration RECHECK = Duration.ofMillis(50);

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

    /**
     * The community as soon as {@code ready} holds for it, or as it stands (possibly null) once {@code timeout}
     * passed: a change committed by community-service a moment ago may still be on its way over the topic.
     */
    public Uni<CommunityState> await(String slug, Predicate<CommunityState> ready, Duration timeout) {
        CommunityState now = get(slug).orElse(null);
        if ((now != null && ready.test(now)) || timeout.isZero() || timeout.isNegative()) {
            return Uni.createFrom().item(now);
        }
        Instant deadline = Instant.now().plus(timeout);
        return Multi.createFrom().ticks().every(RECHECK)
                .map(tick -> get(slug))
                .filter(s -> (s.isPresent() && ready.test(s.get())) || !Instant.now().isBefore(deadline))
                .toUni()
                .map(s -> s.orElse(null));
    }
}
