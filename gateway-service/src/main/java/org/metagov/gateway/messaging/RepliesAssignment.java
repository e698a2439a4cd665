package org.metagov.gateway.messaging;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Replies are read from the latest offset, so a request sent before the reply consumer has its partitions could
 * lose its reply: readiness waits for this assignment.
 */
@ApplicationScoped
@Identifier("action-replies-listener")
public class RepliesAssignment implements KafkaConsumerRebalanceListener {

    private final AtomicBoolean assigned = new AtomicBoolean();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            assigned.set(true);
        }
    }

    public boolean isAssigned() {
        return assigned.get();
    }
}
