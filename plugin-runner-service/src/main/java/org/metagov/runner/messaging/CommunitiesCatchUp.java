package org.metagov.runner.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
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
    private static final long STALL_MILLIS = 30_000;

    private final ChannelRegistry channels;
    private final KafkaClientService kafka;
    private final Vertx vertx;
    /** End offset of each partition when it was first assigned: what "caught up" means. */
    private final Map<Integer, Long> targets = new ConcurrentHashMap<>();
    /** Highest offset applied per partition. */
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean assigned;
    private volatile boolean caughtUp;
    private final long createdAt = System.nanoTime();
    private volatile long timer = -1;

    public CommunitiesCatchUp(ChannelRegistry channels, KafkaClientService kafka, Vertx vertx) {
        this.channels = channels;
        this.kafka = kafka;
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
        lastProgress = System.nanoTime();
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
        long quietMillis = (System.nanoTime() - lastProgress) / 1_000_000;
        KafkaConsumer<Object, Object> consumer = assigned ? kafka.getConsumer(CHANNEL) : null;
        if (consumer == null || quietMillis < STALL_MILLIS) {
            return;
        }
        // Should never be needed: the record before a non-empty partition's end is always there (compaction spares
        // the active segment and nothing writes transactions here). If it were not, a consumer that has fetched up
        // to the end and applied nothing for a long while would wait forever: let it go, loudly.
        Function<Consumer<Object, Object>, Map<Integer, Long>> readPositions = CommunitiesCatchUp::positions;
        consumer.runOnPollingThread(readPositions).subscribe().with(positions -> {
            boolean allFetched = targets.entrySet().stream()
                    .allMatch(t -> positions.getOrDefault(t.getKey(), -1L) >= t.getValue());
            if (allFetched && !caughtUp) {
                Log.warnf("Communities fetched to the end but not all applied after %d ms without progress (%s); "
                        + "resuming anyway", quietMillis, progress());
                open();
            }
        }, failure -> Log.debugf("Could not read the communities consumer's positions: %s", failure.getMessage()));
    }

    private static Map<Integer, Long> positions(Consumer<?, ?> consumer) {
        Map<Integer, Long> positions = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            positions.put(tp.partition(), consumer.position(tp));
        }
        return positions;
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
