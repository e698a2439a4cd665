package org.metagov.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.quarkus.arc.Arc;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;
import org.metagov.messaging.RecordFailurePolicy;
import org.metagov.web.ApiException;
import org.metagov.web.CallerContext;
import org.metagov.web.RequestTrace;

/**
 * Request/reply over Kafka: a request goes to action-requests keyed by community; every gateway replica reads all
 * replies (its own consumer group) and completes the requests it is waiting for, by id. A reply that comes twice
 * (a runner redelivery) finds nothing pending the second time, so each request is answered once.
 */
@ApplicationScoped
public class ActionRequester {

    private final MutinyEmitter<Record<String, String>> requests;
    private final RecordFailurePolicy policy;
    private final Map<String, CompletableFuture<ActionReply>> pending = new ConcurrentHashMap<>();

    public ActionRequester(@Channel("action-requests-out") MutinyEmitter<Record<String, String>> requests,
            RecordFailurePolicy policy, MeterRegistry registry) {
        this.requests = requests;
        this.policy = policy;
        Gauge.builder("metagov.gateway.pending.actions", pending, Map::size)
                .description("Action requests of this replica waiting for their reply").register(registry);
    }

    /** Sends the request and waits for its reply until the request's own deadline. */
    public Uni<ActionReply> call(ActionRequest request) {
        Duration timeout = Duration.between(Instant.now(), request.deadline());
        return awaitReply(request.id(), timeout,
                requests.sendMessage(auditable(Record.of(request.community(), EventJson.write(request)))), "The plugin");
    }

    /**
     * Sends something whose reply comes on action-replies with {@code id} (an action request, or a hook an
     * answering receiver handles), and waits for it at most {@code timeout}: then a 504 naming {@code who}.
     */
    public Uni<ActionReply> awaitReply(String id, Duration timeout, Uni<Void> send, String who) {
        CompletableFuture<ActionReply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        return send
                .flatMap(sent -> Uni.createFrom().completionStage(reply))
                .ifNoItem().after(timeout)
                .failWith(() -> new ApiException(504, "timeout", who + " did not answer within "
                        + (timeout.toMillis() < 10_000 ? timeout.toMillis() + " ms"
                                : Math.round(timeout.toMillis() / 1000.0) + " s")))
                .eventually(() -> pending.remove(id));
    }

    /**
     * The record with the verified driver and the request's trace id as headers, for the runner's audit entry (a
     * public action, outside /api/internal, has no driver).
     */
    private static Message<Record<String, String>> auditable(Record<String, String> record) {
        RecordHeaders headers = new RecordHeaders();
        if (Arc.container().requestContext().isActive()) {
            CallerContext context = Arc.container().instance(CallerContext.class).get();
            if (context.isSet()) {
                headers.add(AuditEntry.DRIVER_HEADER, context.caller().driverId().getBytes(StandardCharsets.UTF_8));
            }
            String traceId = RequestTrace.currentTraceId();
            if (traceId != null) {
                headers.add(AuditEntry.TRACE_ID_HEADER, traceId.getBytes(StandardCharsets.UTF_8));
            }
        }
        return Message.of(record).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build());
    }

    /** An unreadable reply is dead-lettered (shared failure policy) instead of stopping the channel. */
    @Incoming("action-replies")
    public Uni<Void> onReply(ConsumerRecord<String, String> record) {
        // on the event loop (a reply is a map lookup); only a dead letter goes to a worker thread
        return policy.handleAsync(record, () -> {
            ActionReply reply = EventJson.read(record.value(), ActionReply.class);
            CompletableFuture<ActionReply> waiting = pending.remove(reply.requestId());
            if (waiting != null) {
                waiting.complete(reply);
            }
            return Uni.createFrom().voidItem();
        });
    }
}
