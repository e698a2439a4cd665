package org.metagov.runner.consumer;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.vertx.core.Vertx;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.CommunityState;
import org.metagov.events.Topics;
import org.metagov.messaging.CompactedTopicCache;
import org.metagov.runner.service.InstanceSecrets;
import org.metagov.runner.service.PluginInstances;

/**
 * Consumes the communities topic into the runner's cache (the shared cache: newer versions win, tombstones remove,
 * unreadable records skipped), feeding the live plugin instances; and the gate that keeps hooks, actions and process commands
 * waiting until every community that was on the topic at start has been applied. Otherwise a restarted runner (a
 * rolling update) takes over hook partitions before it knows any community, finds "no enabled instance" and the
 * hooks are lost. Those channels are configured {@code pausable.initially-paused} with late subscription: their
 * consumers subscribe only on resume, so the other replicas keep those partitions meanwhile.
 */
@ApplicationScoped
@Default // injected plainly; @Identifier names it as the channel's rebalance listener
@Identifier("communities-catch-up")
public class CommunitiesCatchUp extends CompactedTopicCache<CommunityState> {

    /** The channels that need the communities before they may run. */
    public static final List<String> GATED_CHANNELS = List.of("webhooks-inbound", "action-requests",
            "process-commands");
    private static final long WARN_EVERY_MILLIS = 30_000;

    private final ChannelRegistry channels;
    private final Vertx vertx;
    private final long createdAt = System.nanoTime();
    private volatile long timer = -1;

    @Inject
    public CommunitiesCatchUp(ChannelRegistry channels, Vertx vertx, PluginInstances instances,
            InstanceSecrets secrets) {
        super(Topics.COMMUNITIES, CommunityState.class, CommunityState::version);
        this.channels = channels;
        this.vertx = vertx;
        listener((slug, state) -> {
            if (state == null) {
                instances.remove(slug);
            } else {
                CommunityState opened = secrets.open(state); // null: sealed under a key this runner lacks
                if (opened != null) {
                    instances.apply(opened);
                }
            }
        });
        whenCaughtUp(this::open);
    }

    // CDI's client proxy needs a no-argument constructor; it is never used as a cache
    CommunitiesCatchUp() {
        this(null, null, null, null);
    }

    /** Into the shared cache, which applies newer states to the live instances. */
    @Incoming("communities")
    @Blocking
    public void onCommunity(ConsumerRecord<String, String> record) {
        apply(record);
    }

    void onStart(@Observes StartupEvent event) {
        if (!caughtUp()) {
            // never opened on a guess: a hook waiting in Kafka is late, a hook routed without its community is lost
            timer = vertx.setPeriodic(WARN_EVERY_MILLIS, id -> Log.warnf("Still applying the communities topic (%s):"
                    + " hooks, actions and process commands wait", progress()));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void open() {
        if (vertx != null && timer != -1) {
            vertx.cancelTimer(timer);
        }
        for (String name : GATED_CHANNELS) {
            PausableChannel channel = channels.getPausable(name);
            if (channel != null) {
                channel.resume();
            }
        }
        Log.infof("Communities caught up (%s) in %d ms; hooks, actions and process commands resumed", progress(),
                (System.nanoTime() - createdAt) / 1_000_000);
    }
}
