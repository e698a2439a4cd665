package org.metagov.runner.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.TopicInitializer;
import org.metagov.runner.config.RunnerConfig;
import org.metagov.runner.service.ActionRunner;
import org.metagov.runner.service.PluginInstances;
import org.metagov.runner.service.PluginRegistry;
import org.metagov.runner.service.PluginType;
import org.metagov.runner.service.WebhookRouter;

/** The runner's Kafka side: catalog out on start; communities, hooks and action requests in; replies out. */
@ApplicationScoped
public class RunnerMessaging {

    private final PluginRegistry registry;
    private final PluginInstances instances;
    private final ActionRunner actions;
    private final WebhookRouter webhooks;
    private final CommunitiesCatchUp catchUp;
    private final DriverEventPublisher events;
    private final MutinyEmitter<Record<String, String>> catalog;
    private final MutinyEmitter<Record<String, String>> replies;

    public RunnerMessaging(PluginRegistry registry, PluginInstances instances, ActionRunner actions,
            WebhookRouter webhooks,
            @Identifier("communities-catch-up") CommunitiesCatchUp catchUp, DriverEventPublisher events,
            @Channel("catalog-out") MutinyEmitter<Record<String, String>> catalog,
            @Channel("action-replies-out") MutinyEmitter<Record<String, String>> replies) {
        this.registry = registry;
        this.instances = instances;
        this.actions = actions;
        this.webhooks = webhooks;
        this.catchUp = catchUp;
        this.events = events;
        this.catalog = catalog;
        this.replies = replies;
    }

    void onStart(@Observes StartupEvent event, RunnerConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        if (config.createTopics()) {
            TopicInitializer.ensureTopicsOnStart(kafkaConfig, new TopicInitializer.Settings(true,
                    config.topicPartitions(), (short) 1, org.metagov.events.RecordLimits.defaults()));
        }
        for (PluginType type : registry.all()) {
            // the emitter buffers until Kafka is reachable, so a late broker delays the catalog, not the start
            catalog.sendAndForget(Record.of(type.name(), EventJson.write(type.descriptor())));
        }
        Log.infof("Published %d plugins to the catalog", registry.all().size());
    }

    @Incoming("communities")
    @Blocking
    public void onCommunity(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            instances.remove(record.key());
        } else {
            CommunityState state;
            try {
                state = EventJson.read(record.value(), CommunityState.class);
            } catch (RuntimeException e) {
                Log.errorf("Unreadable record on communities skipped (offset %d): %s", record.offset(), e.getMessage());
                state = null;
            }
            if (state != null) {
                instances.apply(state);
            }
        }
        catchUp.applied(record);
    }

    /**
     * Hooks come in batches (one poll): each hook's events are sent without waiting, and the batch is committed
     * only once Kafka acknowledged all of them. Order per community holds: hooks are handled in partition order and
     * the producer keeps send order.
     */
    @Incoming("webhooks-inbound")
    @Blocking
    public void onWebhooks(List<String> batch) {
        List<InboundWebhook> hooks = new ArrayList<>(batch.size());
        for (String json : batch) {
            try {
                hooks.add(EventJson.read(json, InboundWebhook.class));
            } catch (RuntimeException e) {
                // not what the gateway writes: skipped, so one bad record does not stop every later hook
                Log.errorf("Unreadable record on webhooks-inbound skipped: %s", e.getMessage());
            }
        }
        events.deferAcks(() -> webhooks.routeAll(hooks));
    }

    @Incoming("action-requests")
    @Blocking(ordered = false)
    public void onActionRequest(String json) {
        ActionRequest request = EventJson.read(json, ActionRequest.class);
        if (request.deadline() != null && Instant.now().isAfter(request.deadline())) {
            return; // the caller has already been told it timed out
        }
        ActionReply reply = actions.run(request);
        replies.sendAndForget(Record.of(request.community(), EventJson.write(reply)));
    }
}
