package org.metagov.runner.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.messaging.RecordFailurePolicy;
import org.metagov.runner.service.ActionRunner;
import org.metagov.runner.service.PluginRegistry;
import org.metagov.runner.service.PluginType;
import org.metagov.runner.service.WebhookRouter;

/** The runner's Kafka side: catalog out on start; communities, hooks and action requests in; replies out. */
@ApplicationScoped
public class RunnerMessaging {

    private final PluginRegistry registry;
    private final ActionRunner actions;
    private final WebhookRouter webhooks;
    private final CommunitiesCatchUp catchUp;
    private final DriverEventPublisher events;
    private final MutinyEmitter<Record<String, String>> catalog;
    private final MutinyEmitter<Record<String, String>> replies;
    private final RecordFailurePolicy policy;

    public RunnerMessaging(PluginRegistry registry, ActionRunner actions,
            WebhookRouter webhooks, CommunitiesCatchUp catchUp, DriverEventPublisher events,
            @Channel("catalog-out") MutinyEmitter<Record<String, String>> catalog,
            @Channel("action-replies-out") MutinyEmitter<Record<String, String>> replies, RecordFailurePolicy policy) {
        this.policy = policy;
        this.registry = registry;
        this.actions = actions;
        this.webhooks = webhooks;
        this.catchUp = catchUp;
        this.events = events;
        this.catalog = catalog;
        this.replies = replies;
    }

    // default priority: after libs/messaging's TopicSetup (10) and once the emitters are wired
    void onStart(@Observes StartupEvent event) {
        for (PluginType type : registry.all()) {
            // the emitter buffers until Kafka is reachable, so a late broker delays the catalog, not the start
            catalog.sendAndForget(Record.of(type.name(), EventJson.write(CatalogVersion.stamp(type.descriptor()))));
        }
        Log.infof("Published %d plugins to the catalog", registry.all().size());
    }

    /** Into the shared cache, which applies newer states to the live instances. */
    @Incoming("communities")
    @Blocking
    public void onCommunity(ConsumerRecord<String, String> record) {
        catchUp.apply(record);
    }

    /**
     * Hooks come in batches (one poll): each hook's events are sent without waiting, and the batch is committed
     * only once Kafka acknowledged all of them. Order per community holds: hooks are handled in partition order and
     * the producer keeps send order.
     */
    @Incoming("webhooks-inbound")
    @Blocking
    public void onWebhooks(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<InboundWebhook> hooks = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, String> record : batch) {
            // not what the gateway writes: dead-lettered, so one bad record does not stop every later hook
            policy.handle(record, () -> hooks.add(EventJson.read(record.value(), InboundWebhook.class)));
        }
        events.deferAcks(() -> webhooks.routeAll(hooks));
    }

    @Incoming("action-requests")
    @Blocking(ordered = false)
    public void onActionRequest(ConsumerRecord<String, String> record) throws InterruptedException {
        // an unreadable request is dead-lettered instead of stopping the channel
        policy.handle(record, () -> {
            ActionRequest request = EventJson.read(record.value(), ActionRequest.class);
            if (request.deadline() != null && Instant.now().isAfter(request.deadline())) {
                return; // the caller has already been told it timed out
            }
            ActionReply reply = actions.run(request);
            replies.sendAndForget(Record.of(request.community(), EventJson.write(reply)));
        });
    }
}
