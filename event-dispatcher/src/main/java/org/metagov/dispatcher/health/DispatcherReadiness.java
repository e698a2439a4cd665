package org.metagov.dispatcher.health;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.metagov.dispatcher.client.ReceiverUrls;
import org.metagov.dispatcher.messaging.DriverEventConsumers;
import org.metagov.events.KafkaConnection;

/**
 * Ready when Kafka answers. Without a receiver the dispatcher stays ready, with {@code receiver: not configured}:
 * it serves no traffic that readiness could route away, and a pod that never gets ready would only stall rollouts
 * while the events wait safely in Kafka. The missing receiver is a configuration fact, logged at start and shown here.
 * Quarkus' own Kafka check is not used: it waits for the broker without a timeout, longer than any probe.
 */
@Readiness
@ApplicationScoped
public class DispatcherReadiness implements HealthCheck {

    private static final int TIMEOUT_MS = 3000;

    private final DriverEventConsumers consumers;
    private final Map<String, Object> kafkaConfig;
    private Admin admin;

    public DispatcherReadiness(DriverEventConsumers consumers,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.consumers = consumers;
        this.kafkaConfig = kafkaConfig;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event-dispatcher")
                .withData("receiver", consumers.receiver().map(ReceiverUrls::redacted).orElse("not configured"))
                .withData("consumer-threads", consumers.runningThreads());
        try {
            String nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                    .map(node -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
            return response.up().withData("kafka", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("kafka", "interrupted").build();
        } catch (Exception e) {
            return response.down().withData("kafka", "unreachable: " + e.getMessage()).build();
        }
    }

    /** One client for all probes, made at the first: it keeps its connection instead of opening one per probe. */
    private synchronized Admin admin() {
        if (admin == null) {
            Properties props = KafkaConnection.properties(kafkaConfig);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "event-dispatcher-health");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            admin = Admin.create(props);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
