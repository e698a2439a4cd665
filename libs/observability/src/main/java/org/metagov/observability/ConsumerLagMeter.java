package org.metagov.observability;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.metagov.events.KafkaConnection;

/**
 * {@code metagov_kafka_consumer_lag{group, topic, partition}}: how many records each consumer group of this service
 * has not committed yet, per partition (the end offset minus the committed one), read with an admin client every
 * {@code metagov.metrics.consumer-lag-interval} (15 s). The groups are those of the service's channels
 * ({@code mp.messaging.incoming.*.group.id}) and {@code metagov.metrics.consumer-lag-groups} (the hand-built
 * consumers'); groups that commit nothing (caches of compacted topics) show no series. Every replica of a service
 * reports the same numbers: dashboards and alerts take the max per group and partition.
 */
@ApplicationScoped
public class ConsumerLagMeter {

    private static final Logger LOG = Logger.getLogger(ConsumerLagMeter.class);

    private final MeterRegistry registry;
    private final Map<String, Object> kafkaConfig;
    private final Map<TopicPartitionOfGroup, AtomicLong> lags = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private Admin admin;

    private record TopicPartitionOfGroup(String group, String topic, int partition) {
    }

    public ConsumerLagMeter(MeterRegistry registry,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.registry = registry;
        this.kafkaConfig = kafkaConfig;
    }

    void onStart(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        Duration interval = config.getOptionalValue("metagov.metrics.consumer-lag-interval", Duration.class)
                .orElse(Duration.ofSeconds(15));
        Set<String> groups = groups(config);
        if (interval.isZero() || groups.isEmpty()) {
            return;
        }
        Properties props = KafkaConnection.properties(kafkaConfig);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "consumer-lag-meter");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        admin = Admin.create(props);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consumer-lag-meter");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> groups.forEach(this::measure), 0, interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    static Set<String> groups(Config config) {
        Set<String> groups = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".group.id")) {
                config.getOptionalValue(name, String.class).ifPresent(groups::add);
            }
        }
        config.getOptionalValues("metagov.metrics.consumer-lag-groups", String.class).ifPresent(groups::addAll);
        return groups;
    }

    private void measure(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    wanted.put(partition, OffsetSpec.latest());
                }
            });
            if (wanted.isEmpty()) {
                return;
            }
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(wanted).all().get(10,
                    TimeUnit.SECONDS);
            ends.forEach((partition, end) -> {
                long lag = Math.max(0, end.offset() - committed.get(partition).offset());
                lags.computeIfAbsent(new TopicPartitionOfGroup(group, partition.topic(), partition.partition()),
                        this::register).set(lag);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the broker is away or the group is new: the gauges keep their last values until the next reading
            LOG.debugf("Consumer lag of %s not read: %s", group, e.getMessage());
        }
    }

    private AtomicLong register(TopicPartitionOfGroup key) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("metagov.kafka.consumer.lag", value, AtomicLong::get)
                .description("Records not yet committed by the consumer group, per partition")
                .tags("group", key.group(), "topic", key.topic(), "partition", Integer.toString(key.partition()))
                .register(registry);
        return value;
    }
}
