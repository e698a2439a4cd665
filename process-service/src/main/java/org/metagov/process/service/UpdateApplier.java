package org.metagov.process.service;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;
import org.metagov.events.process.ProcessCommand;
import org.metagov.events.process.ProcessUpdate;
import org.metagov.process.messaging.AuditRelay;
import org.metagov.process.repository.CallbackRepository;
import org.metagov.process.repository.CallbackRepository.Delivery;
import org.metagov.process.repository.ProcessRecord;
import org.metagov.process.repository.ProcessRepository;
import org.metagov.sdk.process.ProcessStatus;

/**
 * Applies the runner's process updates: the state machine {@code created -> pending -> completed}, where completed
 * is final. An update is applied only when its version is newer than the one stored, so re-deliveries and stale
 * records change nothing; only the answer to a driver's reopen may take a completed process back to pending.
 * In the same transaction it plans the next update tick and queues the callback (on
 * completion, and on an outcome change while pending).
 */
@ApplicationScoped
public class UpdateApplier {

    /**
     * What applying one update did, for the work to start once it is committed: a callback claimed at once (sent
     * right after the commit), or one queued behind an older one of the same process.
     */
    record Applied(boolean applied, boolean callbackQueued, Delivery claimed) {
        static final Applied NOTHING = new Applied(false, false, null);
    }

    private final Pool pool;
    private final ProcessRepository repository;
    private final CallbackRepository callbacks;
    private final CallbackDispatcher dispatcher;
    private final AnswerWaiters waiters;
    private final MeterRegistry metrics;
    private final AuditRelay audit;

    public UpdateApplier(Pool pool, ProcessRepository repository, CallbackRepository callbacks,
            CallbackDispatcher dispatcher, AnswerWaiters waiters, MeterRegistry metrics, AuditRelay audit) {
        this.metrics = metrics;
        this.audit = audit;
        this.pool = pool;
        this.repository = repository;
        this.callbacks = callbacks;
        this.dispatcher = dispatcher;
        this.waiters = waiters;
    }

    public Uni<Void> apply(ProcessUpdate update) {
        ProcessStatus status = statusOf(update.status());
        if (update.processId() == null || status == null) {
            Log.warnf("Ignoring a process update without a process id or with status '%s'", update.status());
            return Uni.createFrom().voidItem();
        }
        String awaited = awaitedCommand(update.commandId());
        return pool.withTransaction(conn -> (awaited == null ? Uni.createFrom().item(true)
                : repository.markAnswered(conn, answerMarker(awaited), update.result()))
                .flatMap(x -> repository.lock(conn, update.processId()))
                .flatMap(p -> {
                    if (p == null) {
                        Log.debugf("Update for unknown process %s ignored", update.processId());
                        return Uni.createFrom().item(Applied.NOTHING);
                    }
                    return apply(conn, p, update, status);
                }))
                .invoke(applied -> {
                    metrics.counter("metagov.process.updates", "applied", Boolean.toString(applied.applied()),
                            "status", update.status()).increment();
                    if (awaited != null) {
                        waiters.answered(awaited);
                    }
                    if (applied.applied()) {
                        audit.kick();
                    }
                    if (applied.claimed() != null) {
                        dispatcher.send(applied.claimed());
                    } else if (applied.callbackQueued()) {
                        dispatcher.kick();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Applied> apply(SqlConnection conn, ProcessRecord p, ProcessUpdate u, ProcessStatus status) {
        boolean reopen = u.commandId() != null && u.commandId().contains(":reopen:");
        if (u.version() <= p.runnerVersion() || (p.completed() && !reopen)) {
            return Uni.createFrom().item(Applied.NOTHING); // completed is final but for a reopen; older: nothing new
        }
        if (p.completed() && status == ProcessStatus.COMPLETED) {
            // a reopen the plugin refused: only its reason is kept, for the driver's answer; no callback
            JsonNode reasons = u.errors() == null || u.errors().isNull() ? p.errors() : u.errors();
            return repository.applyUpdate(conn, p.with(ProcessStatus.COMPLETED, p.outcome(), reasons, p.url(),
                    u.version(), null), false).replaceWith(new Applied(true, false, null));
        }
        Instant now = Instant.now();
        JsonNode outcome = u.outcome() == null ? NullNode.getInstance() : u.outcome();
        JsonNode errors = u.errors() == null || u.errors().isNull() ? EventJson.MAPPER.createObjectNode() : u.errors();
        boolean answersUpdate = u.commandId() != null && u.commandId().contains(":update:");
        Instant next = nextUpdate(p, status, u.nextUpdateAt(), answersUpdate, now);
        // a runner that does not say (an older one, or a plugin without a url) leaves the url as it was
        String url = u.url() != null ? u.url() : p.url();
        ProcessRecord after = p.with(status, outcome, errors, url, u.version(), next);
        boolean clearsInFlight = p.currentUpdateCommandId().equals(u.commandId());
        boolean notify = p.callbackUrl() != null
                && (after.completed() || (!outcome.equals(p.outcome()) && status != ProcessStatus.CREATED));
        Uni<Void> write = repository.applyUpdate(conn, after, clearsInFlight);
        if (after.completed() && !p.completed()) {
            write = write.flatMap(x -> audit.write(conn, completed(p, null)));
        }
        if (!notify) {
            return write.replaceWith(new Applied(true, false, null));
        }
        return write.flatMap(x -> callbacks.queue(conn, p.id(), p.callbackUrl(),
                EventJson.write(ProcessView.render(after)), dispatcher.leaseMillis()))
                .map(claimed -> new Applied(true, true, claimed));
    }

    /** The plugin (or a failed delivery) completed the process: no driver made this transition. */
    private static AuditEntry completed(ProcessRecord p, String deliveryFailure) {
        ObjectNode details = EventJson.MAPPER.createObjectNode().put("process", p.plugin() + "." + p.name());
        if (deliveryFailure != null) {
            details.put("delivery_failed", deliveryFailure);
        }
        return AuditEntry.of(p.community(), AuditEntry.PROCESS_COMPLETED, p.id(), null, null, details);
    }

    /**
     * A command for this process could never be sent (the relay dead-lettered it): the process completes with
     * {@code errors.delivery} saying why, and its callback is queued, inside the relay's transaction.
     */
    public Uni<Void> failDelivery(SqlConnection conn, String processId, String reason) {
        return repository.lock(conn, processId).flatMap(p -> {
            if (p == null || p.completed()) {
                return Uni.createFrom().voidItem();
            }
            ObjectNode errors = p.errors() != null && p.errors().isObject() ? ((ObjectNode) p.errors()).deepCopy()
                    : EventJson.MAPPER.createObjectNode();
            errors.put("delivery", "A command for this process could not be sent to the plugin: " + reason);
            ProcessRecord after = p.with(ProcessStatus.COMPLETED, p.outcome(), errors, p.url(), p.runnerVersion(),
                    null);
            Uni<Void> write = repository.applyUpdate(conn, after, true)
                    .flatMap(x -> audit.write(conn, completed(p, reason)));
            if (p.callbackUrl() == null) {
                return write;
            }
            // queued, not claimed: the dispatcher's next scan sends it once this transaction committed
            return write.flatMap(x -> callbacks.queue(conn, p.id(), p.callbackUrl(),
                    EventJson.write(ProcessView.render(after)), 0)).replaceWithVoid();
        });
    }

    /**
     * When the next {@code update} is due. The regular tick (already moved on when the last one was claimed; for a
     * process just started, at a random point within 0.5 to 1.5 intervals, which spreads processes started
     * together) unless the process asked for an earlier one (for example its closing time). A wish that has
     * passed counts as served when this update answers an update command, so it cannot cause a loop.
     */
    static Instant nextUpdate(ProcessRecord p, ProcessStatus status, Instant wish, boolean answersUpdate,
            Instant now) {
        if (status != ProcessStatus.PENDING || p.updateIntervalMs() == null) {
            return null;
        }
        long interval = p.updateIntervalMs();
        Instant next = p.nextUpdateAt() != null ? p.nextUpdateAt()
                : now.plusMillis(Math.round(interval * (0.5 + ThreadLocalRandom.current().nextDouble())));
        if (wish != null && wish.isBefore(next)) {
            boolean served = answersUpdate && !wish.isAfter(now);
            if (!served) {
                next = wish.isBefore(now) ? now : wish;
            }
        }
        return next;
    }

    /** Start and close answers are awaited by a request (POST, DELETE); updates and webhooks are not. */
    static String awaitedCommand(String commandId) {
        if (commandId == null) {
            return null;
        }
        return commandId.endsWith(":start") || commandId.contains(":close:") || commandId.contains(":reopen:")
                ? commandId : null;
    }

    /** The status an update names, null for one that is not a {@link ProcessStatus} value. */
    static ProcessStatus statusOf(String value) {
        for (ProcessStatus status : ProcessStatus.values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        return null;
    }

    static String answerMarker(String commandId) {
        return "answer:" + commandId;
    }

    static String startCommandId(String processId) {
        return ProcessCommand.startId(processId);
    }
}
