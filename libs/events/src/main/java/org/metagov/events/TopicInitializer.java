package org.metagov.events;

import java.util.ArrayList;
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
 * Creates the missing topics with the right cleanup policy. In Kubernetes Strimzi's KafkaTopic resources own them;
 * locally and in tests every service calls this on start, so services can start in any order.
 */
public final class TopicInitializer {

    private TopicInitializer() {
    }

    /**
     * Like {@link #ensureTopics} but only logs a failure: Kafka may come up after the service, and readiness
     * reports the broker meanwhile.
     */
    public static void ensureTopicsOnStart(Map<String, ?> kafkaConfig, int partitions) {
        try {
            ensureTopics(kafkaConfig, partitions, (short) 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.getLogger(TopicInitializer.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not create topics now ({0}); continuing", e.getMessage());
        }
    }

    public static void ensureTopics(String bootstrapServers, int partitions, short replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        ensureTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), partitions,
                replicationFactor);
    }

    /** {@code kafkaConfig}: the service's {@code kafka.*} settings; connection and security ones are used. */
    public static void ensureTopics(Map<String, ?> kafkaConfig, int partitions, short replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        Properties props = KafkaConnection.properties(kafkaConfig);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    NewTopic topic = new NewTopic(spec.name(), spec.compacted() ? 1 : partitions, replicationFactor);
                    if (spec.compacted()) {
                        topic.configs(Map.of("cleanup.policy", "compact"));
                    }
                    missing.add(topic);
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
