package org.metagov.runner.consumer;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.events.EventJson;
import org.metagov.messaging.RecordFailurePolicy;
import org.metagov.runner.oauth.OAuthInstalls;
import org.metagov.runner.service.ActionRunner;

/**
 * Consumes action-requests, unordered (each runs on a plugin thread), and answers each on action-replies; the
 * gateway's OAuth steps come the same way ({@link OAuthInstalls}).
 */
@ApplicationScoped
public class ActionRequestConsumer {

    private final ActionRunner actions;
    private final MutinyEmitter<Record<String, String>> replies;
    private final RecordFailurePolicy policy;
    private final OAuthInstalls oauth;

    public ActionRequestConsumer(ActionRunner actions,
            @Channel("action-replies-out") MutinyEmitter<Record<String, String>> replies, RecordFailurePolicy policy,
            OAuthInstalls oauth) {
        this.actions = actions;
        this.oauth = oauth;
        this.replies = replies;
        this.policy = policy;
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
            ActionReply reply = OAuthInstalls.handles(request) ? oauth.run(request) : actions.run(request);
            replies.sendAndForget(Record.of(request.community(), EventJson.write(reply)));
        });
    }
}
