package org.metagov.runner.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.vertx.core.Vertx;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps hooks, actions and process commands waiting until this runner has applied every community that was on the
 * communities topic when it started. Otherwise a restarted runner (a rolling update) takes over hook partitions
 * before it knows any community, finds "no enabled instance" and the hooks are lost. Those channels are configured
 * {@code pausable.initially-paused} with late subscription: their consumers subscribe only on resume, so the other
 * replicas keep those partitions meanwhile.
 */
@ApplicationScoped
@Identifier("communities-catch-up")
public class CommunitiesCatchUp implements KafkaConsumerRebalanceListener {

    /** The channels that need the communities before they may run. */
    public static final List<String> GATED_CHANNELS = List.of("webhooks-inbound", "action-requests",
            "process-commands");
    private static final String CHANNEL = "communities";
    private static final long WARN_EVERY_NANOS = 30_000_000_000L;

    private final ChannelRegistry channels;
    private final Vertx vertx;
    /** End offset of each partition when it was first assigned: what "caught up" means. */
    private final Map<Integer, Long> targets = new ConcurrentHashMap<>();
    /** Highest offset applied per partition. */
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private volatile long lastWarning = System.nanoTime();
    private volatile boolean assigned;
    private volatile boolean caughtUp;
    private final long createdAt = System.nanoTime();
    private volatile long timer = -1;

    public CommunitiesCatchUp(ChannelRegistry channels, Vertx vertx) {
        this.channels = channels;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(250, id -> check());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        // a partition whose records were all deleted has nothing to apply, whatever its end offset
        ends.forEach((tp, end) -> targets.putIfAbsent(tp.partition(), end.equals(starts.get(tp)) ? 0L : end));
        assigned = true;
        check();
    }

    /** Called after a record of the communities topic was applied to the live instances. */
    public void applied(ConsumerRecord<?, ?> record) {
        applied.merge(record.partition(), record.offset(), Math::max);
        if (!caughtUp && reachedByRecords()) {
            open();
        }
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** For readiness: per partition, offset applied and offset to reach. */
    public Map<String, String> progress() {
        Map<String, String> progress = new HashMap<>();
        targets.forEach((p, end) -> progress.put(CHANNEL + "-" + p, (applied.getOrDefault(p, -1L) + 1) + "/" + end));
        return progress;
    }

    /**
     * Caught up once the record just before each end offset was applied. That record always exists: compaction never
     * touches the active segment and nothing writes transactions (markers) to this topic.
     */
    private boolean reachedByRecords() {
        if (!assigned) {
            return false;
        }
        for (Map.Entry<Integer, Long> target : targets.entrySet()) {
            if (target.getValue() > 0 && applied.getOrDefault(target.getKey(), -1L) < target.getValue() - 1) {
                return false;
            }
        }
        return true;
    }

    private void check() {
        if (caughtUp) {
            vertx.cancelTimer(timer);
            return;
        }
        if (reachedByRecords()) {
            open();
            return;
        }
        // never opened on a guess: a hook waiting in Kafka is late, a hook routed without its community is lost
        long now = System.nanoTime();
        if (now - lastWarning > WARN_EVERY_NANOS) {
            lastWarning = now;
            Log.warnf("Still applying the communities topic (%s, %s): hooks, actions and process commands wait",
                    progress(), assigned ? "assigned" : "not assigned yet");
        }
    }

    private synchronized void open() {
        if (caughtUp) {
            return;
        }
        caughtUp = true;
        vertx.cancelTimer(timer);
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
