package org.metagov.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the missing topics of the {@link Topics} catalog. In Kubernetes Strimzi's KafkaTopic resources own them;
 * locally and in tests every service calls this on start, so services can start in any order.
 */
public final class TopicInitializer {

    /**
     * The settings, one configuration key each ({@code metagov.topics.create}, {@code metagov.topics.partitions},
     * {@code metagov.topics.replication-factor}, {@code metagov.kafka.max-message-bytes}).
     */
    public record Settings(boolean create, int partitions, short replicationFactor, RecordLimits limits) {
    }

    private TopicInitializer() {
    }

    /**
     * Like {@link #ensureTopics} but only logs a failure: Kafka may come up after the service, and readiness
     * reports the broker meanwhile.
     */
    public static void ensureTopicsOnStart(Map<String, ?> kafkaConfig, Settings settings) {
        if (!settings.create()) {
            return;
        }
        try {
            ensureTopics(kafkaConfig, settings);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.getLogger(TopicInitializer.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not create topics now ({0}); continuing", e.getMessage());
        }
    }

    /** The topic as the catalog and the settings define it (also what k8s' KafkaTopic must say). */
    public static NewTopic newTopic(Topics.Spec spec, Settings settings) {
        NewTopic topic = new NewTopic(spec.name(), spec.partitions(settings.partitions()), settings.replicationFactor());
        topic.configs(configs(spec, settings.limits()));
        return topic;
    }

    public static Map<String, String> configs(Topics.Spec spec, RecordLimits limits) {
        Map<String, String> configs = new HashMap<>();
        if (spec.compacted() && spec.retention().isPresent()) {
            configs.put("cleanup.policy", "compact,delete");
        } else {
            configs.put("cleanup.policy", spec.compacted() ? "compact" : "delete");
        }
        spec.retention().ifPresent(r -> configs.put("retention.ms", Long.toString(r.toMillis())));
        configs.put("max.message.bytes", Integer.toString(limits.maxMessageBytes()));
        configs.putAll(spec.settings());
        return configs;
    }

    /** {@code kafkaConfig}: the service's {@code kafka.*} settings; connection and security ones are used. */
    public static void ensureTopics(Map<String, ?> kafkaConfig, Settings settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        Properties props = KafkaConnection.properties(kafkaConfig);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    missing.add(newTopic(spec, settings));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // another service created them at the same moment: that is the outcome we wanted
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
