package org.metagov.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Kafka client metrics ({@code kafka_consumer_*}, {@code kafka_producer_*}) of the clients a service builds itself;
 * Quarkus binds those of the SmallRye channels, these names are the same. Close the returned handle with the client,
 * so a short-lived client (a replay's consumer) leaves no meters behind.
 */
public final class KafkaClientMeters {

    /** The meters of one client; closing removes them. */
    public interface Bound extends AutoCloseable {
        @Override
        void close();
    }

    private KafkaClientMeters() {
    }

    public static Bound bind(MeterRegistry registry, Consumer<?, ?> consumer) {
        return bound(registry, new KafkaClientMetrics(consumer));
    }

    public static Bound bind(MeterRegistry registry, Producer<?, ?> producer) {
        return bound(registry, new KafkaClientMetrics(producer));
    }

    public static Bound bind(MeterRegistry registry, AdminClient admin) {
        return bound(registry, new KafkaClientMetrics(admin));
    }

    private static Bound bound(MeterRegistry registry, KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        return metrics::close;
    }

    /** Closes quietly (shutdown paths). */
    public static void close(Bound meters) {
        if (meters != null) {
            meters.close();
        }
    }
}
