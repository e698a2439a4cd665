package org.metagov.runner.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;
import org.metagov.messaging.RecordFailurePolicy;
import org.metagov.runner.messaging.AuditRelay;
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
    private final AuditRelay audit;
    private final OAuthInstalls oauth;

    public ActionRequestConsumer(ActionRunner actions,
            @Channel("action-replies-out") MutinyEmitter<Record<String, String>> replies, RecordFailurePolicy policy,
            AuditRelay audit, OAuthInstalls oauth) {
        this.actions = actions;
        this.oauth = oauth;
        this.replies = replies;
        this.policy = policy;
        this.audit = audit;
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
            audit.record(audited(record, request, reply));
        });
    }

    /**
     * Who asked (the driver the gateway verified, in the record's {@link AuditEntry#DRIVER_HEADER}), which action,
     * its outcome; never the parameters or the result (the driver's and the platform's data).
     */
    private static AuditEntry audited(ConsumerRecord<String, String> record, ActionRequest request, ActionReply reply) {
        ObjectNode details = EventJson.MAPPER.createObjectNode().put("request_id", request.id())
                .put("outcome", String.valueOf(reply.outcome()));
        return AuditEntry.of(request.community(), AuditEntry.ACTION_PERFORMED, request.plugin() + "." + request.action(),
                header(record, AuditEntry.DRIVER_HEADER), header(record, AuditEntry.TRACE_ID_HEADER), details);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
