package org.metagov.process.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;

/** Every community and its enabled plugins, rebuilt from the compacted communities topic on every start. */
@ApplicationScoped
public class CommunityDirectory {

    private static final Duration RECHECK = Duration.ofMillis(50);

    private final Map<String, CommunityState> communities = new ConcurrentHashMap<>();

    @Incoming("communities")
    public void onCommunity(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            communities.remove(record.key());
            return;
        }
        CommunityState state;
        try {
            state = EventJson.read(record.value(), CommunityState.class);
        } catch (RuntimeException e) {
            Log.errorf("Ignoring an unreadable communities record for '%s': %s", record.key(), e.getMessage());
            return;
        }
        // an older record re-delivered must not undo a newer one
        communities.merge(record.key(), state, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    }

    public Optional<CommunityState> find(String slug) {
        return Optional.ofNullable(communities.get(slug));
    }

    /**
     * The community as soon as {@code ready} holds for it, or as it stands (possibly null) once {@code timeout}
     * passed: a change committed by community-service a moment ago may still be on its way over the topic.
     */
    public Uni<CommunityState> await(String slug, Predicate<CommunityState> ready, Duration timeout) {
        CommunityState now = communities.get(slug);
        if ((now != null && ready.test(now)) || timeout.isZero() || timeout.isNegative()) {
            return Uni.createFrom().item(now);
        }
        Instant deadline = Instant.now().plus(timeout);
        return Multi.createFrom().ticks().every(RECHECK)
                .map(tick -> Optional.ofNullable(communities.get(slug)))
                .filter(s -> (s.isPresent() && ready.test(s.get())) || !Instant.now().isBefore(deadline))
                .toUni()
                .map(s -> s.orElse(null));
    }
}
