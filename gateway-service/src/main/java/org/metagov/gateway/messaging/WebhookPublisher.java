package org.metagov.gateway.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;

/** Puts a received hook on webhooks-inbound; the Uni completes only once Kafka acknowledged it (acks=all). */
@ApplicationScoped
public class WebhookPublisher {

    private final MutinyEmitter<Record<String, String>> emitter;

    public WebhookPublisher(@Channel("webhooks-out") MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Keyed by community, so one community's hooks stay in order; platform-wide hooks by plugin. */
    public Uni<Void> publish(InboundWebhook hook) {
        String key = hook.community() != null ? hook.community() : hook.plugin();
        return emitter.send(Record.of(key, EventJson.write(hook)));
    }
}
