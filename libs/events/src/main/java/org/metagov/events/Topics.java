package org.metagov.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The topic catalog: every Kafka topic of the system with its partitions, compaction, retention and dead-letter
 * topic. Services create missing topics from it ({@link TopicInitializer}); Strimzi's KafkaTopic resources in
 * {@code k8s/base/kafka/topics.yaml} are checked against it by a test of the test command.
 */
public final class Topics {
    public static final String PLUGIN_CATALOG = "plugin-catalog";
    public static final String COMMUNITIES = "communities";
    /** Driver accounts ({@link DriverAccount}), keyed by driver id; community-service -> every gateway replica. */
    public static final String DRIVERS = "drivers";
    /**
     * Event subscriptions of drivers ({@link DriverSubscription}), keyed by subscription id, secrets sealed;
     * community-service -> event-dispatcher. A deleted subscription is a tombstone.
     */
    public static final String SUBSCRIPTIONS = "subscriptions";
    public static final String ACTION_REQUESTS = "action-requests";
    public static final String ACTION_REPLIES = "action-replies";
    public static final String WEBHOOKS_INBOUND = "webhooks-inbound";
    public static final String PROCESS_COMMANDS = "process-commands";
    public static final String PROCESS_UPDATES = "process-updates";
    public static final String DRIVER_EVENTS = "driver-events";
    public static final String IDENTITY_COMMANDS = "identity-commands";
    public static final String INSTANCE_REPORTS = "instance-reports";
    public static final String DRIVER_EVENTS_DLQ = "driver-events.dlq";
    /** Audit entries ({@link AuditEntry}), keyed by community; every service's audit outbox -> community-service. */
    public static final String AUDIT = "audit";
    /** The suffix of every dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    /**
     * One topic. {@code partitioned}: spread over {@code metagov.topics.partitions} partitions (keyed topics whose
     * consumers share the load); otherwise 1 partition (compacted state, read whole by every replica).
     * {@code retention}: for delete-policy topics; compacted topics keep the latest record per key.
     * {@code deadLetterTopic}: where its consumers put records they cannot handle, or empty for a dead-letter topic.
     * {@code settings}: further topic configs of this topic alone.
     */
    public record Spec(String name, boolean compacted, boolean partitioned, Optional<Duration> retention,
            Optional<String> deadLetterTopic, Map<String, String> settings) {

        public Spec(String name, boolean compacted, boolean partitioned, Optional<Duration> retention,
                Optional<String> deadLetterTopic) {
            this(name, compacted, partitioned, retention, deadLetterTopic, Map.of());
        }

        public int partitions(int configuredPartitions) {
            return partitioned ? configuredPartitions : 1;
        }

        public boolean isDeadLetterTopic() {
            return deadLetterTopic.isEmpty();
        }
    }

    public static final List<Spec> ALL;

    static {
        List<Spec> sources = List.of(
                compacted(PLUGIN_CATALOG),
                // a record replaced by a re-published one (plugin secrets in clear before sealing, or sealed under a
                // retired key) is compacted away within a day: segments roll hourly, a day is the longest lag
                withSettings(compacted(COMMUNITIES), Map.of("segment.ms", Long.toString(HOUR.toMillis()),
                        "max.compaction.lag.ms", Long.toString(Duration.ofDays(1).toMillis()))),
                compacted(DRIVERS),
                compacted(SUBSCRIPTIONS),
                // worthless after the gateway's action timeout
                partitioned(ACTION_REQUESTS, HOUR),
                partitioned(ACTION_REPLIES, HOUR),
                partitioned(WEBHOOKS_INBOUND, WEEK),
                partitioned(PROCESS_COMMANDS, WEEK),
                partitioned(PROCESS_UPDATES, WEEK),
                partitioned(IDENTITY_COMMANDS, WEEK),
                partitioned(INSTANCE_REPORTS, WEEK),
                // community-service keeps the trail in PostgreSQL (its own retention); the topic only carries it
                partitioned(AUDIT, WEEK),
                // the longest a driver may be away without losing events
                partitioned(DRIVER_EVENTS, Duration.ofDays(14)));
        List<Spec> all = new ArrayList<>(sources);
        for (Spec source : sources) {
            // keyed by the source record's coordinates and compacted: a record dead-lettered by several
            // per-replica consumer groups (or again after a crash) is kept once
            all.add(new Spec(source.name() + DLQ_SUFFIX, true, source.partitioned(),
                    Optional.of(DEAD_LETTER_RETENTION), Optional.empty()));
        }
        ALL = Collections.unmodifiableList(all);
    }

    private Topics() {
    }

    public static Spec spec(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No topic " + name + " in the catalog"));
    }

    /** The dead-letter topic of a source topic. */
    public static String deadLetterTopicOf(String topic) {
        return spec(topic).deadLetterTopic()
                .orElseThrow(() -> new IllegalArgumentException(topic + " is itself a dead-letter topic"));
    }

    private static Spec compacted(String name) {
        return new Spec(name, true, false, Optional.empty(), Optional.of(name + DLQ_SUFFIX));
    }

    private static Spec withSettings(Spec spec, Map<String, String> settings) {
        return new Spec(spec.name(), spec.compacted(), spec.partitioned(), spec.retention(), spec.deadLetterTopic(),
                Map.copyOf(settings));
    }

    private static Spec partitioned(String name, Duration retention) {
        return new Spec(name, false, true, Optional.of(retention), Optional.of(name + DLQ_SUFFIX));
    }
}
