package org.metagov.runner.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.WebhookAnswer;

/**
 * Sends an answering receiver's answer to the gateway replica holding the platform's request: on action-replies,
 * with the hook's id, as action replies go. Not waited for: a lost answer is the gateway's timeout (504), and the
 * hook itself has been handled.
 */
@ApplicationScoped
public class WebhookAnswerPublisher {

    private final MutinyEmitter<Record<String, String>> replies;

    public WebhookAnswerPublisher(@Channel("webhook-answers-out") MutinyEmitter<Record<String, String>> replies) {
        this.replies = replies;
    }

    public void send(InboundWebhook hook, WebhookAnswer answer) {
        String key = hook.community() != null ? hook.community() : hook.plugin();
        replies.sendAndForget(Record.of(key, EventJson.write(answer.toReply(hook.id()))));
    }
}
