package org.metagov.runner.consumer;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.observability.Traceparent;
import org.metagov.messaging.RecordFailurePolicy;
import org.metagov.runner.service.WebhookRouter;

/**
 * Consumes webhooks-inbound in batches (one poll). {@link WebhookRouter#routeAll} returns once Kafka acknowledged
 * every driver event the batch caused, so the batch is committed only then. Order per community holds: hooks are
 * handled in partition order and the producer keeps send order.
 */
@ApplicationScoped
public class WebhookConsumer {

    private final WebhookRouter webhooks;
    private final RecordFailurePolicy policy;

    public WebhookConsumer(WebhookRouter webhooks, RecordFailurePolicy policy) {
        this.webhooks = webhooks;
        this.policy = policy;
    }

    @Incoming("webhooks-inbound")
    @Blocking
    public void onWebhooks(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<InboundWebhook> hooks = new ArrayList<>(batch.count());
        List<String> traces = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, String> record : batch) {
            // not what the gateway writes: dead-lettered, so one bad record does not stop every later hook
            policy.handle(record, () -> {
                hooks.add(EventJson.read(record.value(), InboundWebhook.class));
                traces.add(Traceparent.of(record.headers()));
            });
        }
        webhooks.routeAll(hooks, traces);
    }
}
