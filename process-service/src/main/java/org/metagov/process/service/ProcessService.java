package org.metagov.process.service;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;

import org.metagov.events.AuditEntry;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.InstanceChoice;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.QualifiedName;
import org.metagov.events.PluginDescriptor.ProcessDescriptor;
import org.metagov.events.RecordLimits;
import org.metagov.events.process.ProcessCommand;
import org.metagov.events.process.ProcessUpdate.CommandResult;
import org.metagov.outbound.AddressPolicy;
import org.metagov.observability.Traceparent;
import org.metagov.process.config.ProcessConfig;
import org.metagov.process.messaging.AuditRelay;
import org.metagov.process.messaging.CommandRelay;
import org.metagov.process.messaging.CommunityDirectory;
import org.metagov.process.messaging.ProcessCatalog;
import org.metagov.process.repository.ProcessRecord;
import org.metagov.process.repository.ProcessRepository;
import org.metagov.sdk.schema.JsonSchemas;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;
import org.metagov.web.CallerContext;
import org.metagov.web.RequestTrace;

/**
 * Seed 003's process API: start, read, close. Speaks in process records and typed close results; what they are
 * in HTTP (202 and Location, 409, 502, 504, the JSON shape) is the REST layer's business.
 *
 * <p>Issue 13: a driver starts processes only in its own communities (another driver's is answered as unknown) and
 * reaches, by id, only the processes it started while their community is still its own; an administrator, all.
 */
@ApplicationScoped
public class ProcessService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final ProcessRepository repository;
    private final ProcessCatalog catalog;
    private final CommunityDirectory communities;
    private final AddressPolicy callbackPolicy;
    private final CommandRelay relay;
    private final AnswerWaiters waiters;
    private final ProcessConfig config;
    private final RecordLimits limits;
    private final CallerContext caller;
    private final AuditRelay audit;

    public ProcessService(Pool pool, ProcessRepository repository, ProcessCatalog catalog,
            CommunityDirectory communities, AddressPolicy callbackPolicy, CommandRelay relay, AnswerWaiters waiters,
            ProcessConfig config, RecordLimits limits, CallerContext caller, AuditRelay audit) {
        this.limits = limits;
        this.caller = caller;
        this.audit = audit;
        this.pool = pool;
        this.repository = repository;
        this.catalog = catalog;
        this.communities = communities;
        this.callbackPolicy = callbackPolicy;
        this.relay = relay;
        this.waiters = waiters;
        this.config = config;
    }

    /**
     * Validates, stores the process as created together with its start command, and waits a moment for the
     * plugin's start() so the answer usually shows the process pending. Returns the process as it then stands.
     * {@code body} is the driver's flat object of parameters, with an optional {@code callback_url}.
     */
    public Uni<ProcessRecord> start(QualifiedName qualifiedName, String community, ObjectNode body,
            String platformId) {
        ProcessDescriptor process = describe(qualifiedName);
        // now, on the request's thread: later steps run on the database client's, outside the request's span
        String traceparent = Traceparent.current();
        ObjectNode parameters = body.deepCopy();
        JsonNode callback = parameters.remove("callback_url");
        if (callback != null && !callback.isNull() && !callback.isTextual()) {
            throw ApiException.badRequest("callback_url must be a string", List.of("callback_url"));
        }
        String callbackUrl = callback == null || callback.isNull() ? null : callback.asText();
        String plugin = qualifiedName.plugin();
        Caller driver = caller.caller();
        AuditEntry started = audited(community, AuditEntry.PROCESS_STARTED, qualifiedName, null);
        return enabled(driver, community, plugin).flatMap(state -> {
            InstanceChoice<PluginInstanceState> choice = InstanceChoice.of(state.instances(plugin),
                    PluginInstanceState::communityPlatformId, platformId);
            if (choice.chosen() == null) {
                throw ApiException.badRequest(choice.message(plugin, community, platformId), choice.details());
            }
            String instancePlatformId = choice.chosen().communityPlatformId();
            List<String> errors = JsonSchemas.validate(process.inputSchema(), parameters);
            if (!errors.isEmpty()) {
                throw ApiException.badRequest("Invalid parameters for process '" + qualifiedName + "'", errors);
            }
            String id = newId();
            Long interval = process.canUpdate() ? intervalMillis(plugin, process) : null;
            ProcessCommand start = new ProcessCommand(ProcessCommand.startId(id), ProcessCommand.Type.START, id,
                    community, plugin, qualifiedName.name(), parameters, null, Instant.now(), instancePlatformId);
            checkFits(start);
            return checkCallback(callbackUrl)
                    .invoke(() -> waiters.expect(start.id()))
                    .flatMap(x -> pool.withTransaction(conn -> repository
                            .insert(conn, id, community, plugin, qualifiedName.name(), callbackUrl, interval,
                                    instancePlatformId, driver.driverId())
                            .flatMap(y -> repository.enqueue(conn, List.of(start), traceparent))
                            .flatMap(y -> audit.write(conn, withSubject(started, id)))))
                    .onFailure().invoke(() -> waiters.forget(start.id()))
                    .invoke(this::kick)
                    .flatMap(x -> awaitAnswer(start.id(), config.startWait()))
                    .flatMap(x -> repository.find(pool, id));
        });
    }

    /**
     * A transition's audit entry, made while the request is current (its driver and trace id); the process's
     * parameters are not recorded (they are the driver's data, not a change of the community).
     */
    private static AuditEntry audited(String community, String kind, QualifiedName process, String id) {
        ObjectNode details = EventJson.MAPPER.createObjectNode().put("process", process.toString());
        return AuditEntry.of(community, kind, id, CallerContext.currentDriverId(), RequestTrace.currentTraceId(),
                details);
    }

    private static AuditEntry withSubject(AuditEntry e, String subject) {
        return new AuditEntry(e.id(), e.community(), e.kind(), subject, e.driver(), e.at(), e.traceId(), e.details());
    }

    /** The process's own community (a call without the community header names none). */
    private static AuditEntry inCommunity(AuditEntry e, String community) {
        return new AuditEntry(e.id(), community, e.kind(), e.subject(), e.driver(), e.at(), e.traceId(), e.details());
    }

    private void kick() {
        relay.kick();
        audit.kick();
    }

    /** A start command the relay could never send is refused (413) before anything is stored. */
    private void checkFits(ProcessCommand start) {
        int bytes = EventJson.write(start).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > limits.maxValueBytes()) {
            throw new ApiException(413, "payload_too_large", "The process's start command with its parameters would be "
                    + bytes + " bytes, over the limit of " + limits.maxValueBytes() + " bytes", List.of("parameters"));
        }
    }

    /**
     * The process. As upstream, the id is enough (drivers such as PolicyKit read their Location without the
     * community header); a community that is given must be the process's own.
     */
    public Uni<ProcessRecord> get(QualifiedName qualifiedName, String id, String community) {
        return load(qualifiedName, id, community);
    }

    /**
     * Sends close and waits for the plugin's answer, which says how it went by its typed result: closed; not
     * closable (the process cannot be closed by the driver, or the plugin does not support or declined it); the
     * plugin failed; or no answer in time.
     */
    public Uni<CloseResult> close(QualifiedName qualifiedName, String id, String community) {
        String traceparent = Traceparent.current();
        AuditEntry closing = audited(community, AuditEntry.PROCESS_CLOSED, qualifiedName, id);
        return load(qualifiedName, id, community).flatMap(p -> {
            if (p.completed()) {
                return Uni.createFrom().<CloseResult>item(new CloseResult.Closed(p));
            }
            boolean closable = catalog.process(p.plugin(), p.name()).map(ProcessDescriptor::canClose).orElse(false);
            if (!closable) {
                return Uni.createFrom().<CloseResult>item(new CloseResult.NotClosable("Process '" + p.qualifiedName()
                        + "' cannot be closed by the driver; it completes on its own"));
            }
            return pool.withTransaction(conn -> repository.lock(conn, id).flatMap(locked -> locked.completed()
                    ? Uni.createFrom().<String>nullItem()
                    : repository.nextCloseSeq(conn, id).flatMap(seq -> {
                        String commandId = id + ":close:" + seq;
                        waiters.expect(commandId);
                        return repository.enqueue(conn, List.of(new ProcessCommand(commandId,
                                ProcessCommand.Type.CLOSE, id, p.community(), p.plugin(), p.name(), null, null,
                                Instant.now())), traceparent)
                                .flatMap(y -> audit.write(conn, inCommunity(closing, p.community())))
                                .replaceWith(commandId);
                    })))
                    .invoke(this::kick)
                    .flatMap(commandId -> commandId == null
                            ? repository.find(pool, id).map(closed -> (CloseResult) new CloseResult.Closed(closed))
                            : awaitAnswer(commandId, config.closeTimeout()).flatMap(answered -> answered
                                    ? closeAnswer(id, commandId)
                                    : repository.find(pool, id).map(closed -> closed.completed()
                                            ? new CloseResult.Closed(closed) : new CloseResult.TimedOut())));
        });
    }

    /**
     * Re-opens a completed process of a type that allows it: sends reopen with the driver's new parameters (each
     * checked against the type's input schema; none is required) and waits for the plugin's answer. Refused (409)
     * when the type cannot be re-opened, the process is not completed, or its plugin instance was disabled; 400 for
     * bad parameters, also when the plugin rejects them.
     */
    public Uni<ReopenResult> reopen(QualifiedName qualifiedName, String id, String community, ObjectNode parameters) {
        ProcessDescriptor type = describe(qualifiedName);
        AuditEntry reopening = audited(community, AuditEntry.PROCESS_REOPENED, qualifiedName, id);
        return load(qualifiedName, id, community).flatMap(p -> {
            if (!type.canReopen()) {
                return refused(409, "not_reopenable", "Process '" + p.qualifiedName() + "' cannot be re-opened");
            }
            if (!p.completed()) {
                return refused(409, "not_completed", "Process '" + id + "' is " + p.status().value()
                        + "; only a completed process can be re-opened");
            }
            if (p.errors().has("disabled")) {
                return refused(409, "instance_disabled", "The plugin instance of process '" + id
                        + "' was disabled: " + p.errors().path("disabled").asText());
            }
            List<String> errors = JsonSchemas.validate(withoutRequired(type.inputSchema()), parameters);
            if (!errors.isEmpty()) {
                throw ApiException.badRequest("Invalid parameters for re-opening process '" + qualifiedName + "'",
                        errors);
            }
            return communities.await(p.community(), state -> state.plugin(p.plugin()) != null, Duration.ZERO)
                    .flatMap(state -> state == null || state.instances(p.plugin()).stream().noneMatch(i ->
                            p.communityPlatformId() == null || p.communityPlatformId().equals(i.communityPlatformId()))
                            ? refused(409, "instance_disabled", "Plugin '" + p.plugin()
                                    + "' is no longer enabled for community '" + p.community() + "'")
                            : sendReopen(p, parameters, inCommunity(reopening, p.community())));
        });
    }

    private Uni<ReopenResult> sendReopen(ProcessRecord p, ObjectNode parameters, AuditEntry reopening) {
        String id = p.id();
        return pool.withTransaction(conn -> repository.lock(conn, id).flatMap(locked -> !locked.completed()
                ? Uni.createFrom().<String>nullItem()
                : repository.nextCloseSeq(conn, id).flatMap(seq -> {
                    String commandId = id + ":reopen:" + seq;
                    waiters.expect(commandId);
                    return repository.enqueue(conn, List.of(new ProcessCommand(commandId, ProcessCommand.Type.REOPEN,
                            id, p.community(), p.plugin(), p.name(), parameters, null, Instant.now())))
                            .flatMap(y -> audit.write(conn, reopening))
                            .replaceWith(commandId);
                })))
                .invoke(this::kick)
                .flatMap(commandId -> commandId == null
                        ? refused(409, "not_completed", "Process '" + id + "' is no longer completed")
                        : awaitAnswer(commandId, config.closeTimeout()).flatMap(answered -> answered
                                ? reopenAnswer(id, commandId)
                                : repository.find(pool, id).map(r -> r.completed()
                                        ? new ReopenResult.TimedOut() : new ReopenResult.Reopened(r))));
    }

    /** What the runner's answer to reopen says: the process pending again, or why it is still completed. */
    private Uni<ReopenResult> reopenAnswer(String id, String commandId) {
        return repository.find(pool, id).flatMap(r -> !r.completed()
                ? Uni.createFrom().<ReopenResult>item(new ReopenResult.Reopened(r))
                : repository.commandResult(pool, UpdateApplier.answerMarker(commandId)).map(result -> {
                    JsonNode why = r.errors().path("reopen");
                    String reason = why.isTextual() ? ": " + why.asText() : "";
                    return switch (result.orElse(CommandResult.FAILED)) {
                        case REJECTED -> new ReopenResult.Refused(400, "bad_request",
                                "The plugin refused to re-open the process" + reason);
                        case NOT_SUPPORTED -> new ReopenResult.Refused(409, "instance_disabled",
                                "The plugin instance of process '" + id + "' cannot take it back");
                        default -> new ReopenResult.Refused(502, "plugin_failed",
                                "The plugin could not re-open the process" + reason);
                    };
                }));
    }

    private static Uni<ReopenResult> refused(int status, String code, String reason) {
        return Uni.createFrom().item(new ReopenResult.Refused(status, code, reason));
    }

    /** The input schema with nothing required: a re-opening sends only what changes. */
    private static JsonNode withoutRequired(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return schema;
        }
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        copy.remove("required");
        return copy;
    }

    /** What the runner's answer to close says: the process as it now is, or why it is still open. */
    private Uni<CloseResult> closeAnswer(String id, String commandId) {
        return repository.find(pool, id).flatMap(closed -> closed.completed()
                ? Uni.createFrom().<CloseResult>item(new CloseResult.Closed(closed))
                : repository.commandResult(pool, UpdateApplier.answerMarker(commandId)).map(result -> {
                    JsonNode failure = closed.errors().path("close");
                    String reason = failure.isTextual() ? failure.asText() : null;
                    // a runner that predates typed results says nothing: a failure it wrote counts as a failure
                    boolean failed = result.map(r -> r == CommandResult.FAILED).orElse(reason != null);
                    if (failed) {
                        return new CloseResult.PluginFailed("The plugin could not close the process"
                                + (reason == null ? "" : ": " + reason));
                    }
                    return new CloseResult.NotClosable("The plugin did not close process '" + id + "'"
                            + (reason == null ? "" : ": " + reason));
                }));
    }

    private Uni<Boolean> awaitAnswer(String commandId, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            waiters.forget(commandId);
            return Uni.createFrom().item(false);
        }
        return waiters.await(commandId, timeout,
                () -> repository.isProcessed(pool, UpdateApplier.answerMarker(commandId)));
    }

    /**
     * The process, or 404 when it does not exist, has another name, belongs to another community, or is not the
     * caller's: another driver's process reads exactly as an unknown one, whatever header it sends.
     */
    private Uni<ProcessRecord> load(QualifiedName qualifiedName, String id, String community) {
        Caller driver = caller.caller();
        return repository.find(pool, id).map(p -> {
            if (p == null || !p.qualifiedName().equals(qualifiedName)
                    || (community != null && !community.isBlank() && !community.equals(p.community()))
                    || !mayUse(driver, p)) {
                throw ApiException.notFound("Process '" + qualifiedName + "/" + id + "' does not exist");
            }
            return p;
        });
    }

    /**
     * The community, once it exists and has the plugin enabled: 404 for an unknown community, 400 for a plugin it
     * has not enabled. A change that is still on its way over the communities topic is waited for a moment.
     */
    private Uni<CommunityState> enabled(Caller driver, String community, String plugin) {
        return communities.await(community, state -> state.plugin(plugin) != null, config.directoryWait())
                .map(state -> {
                    if (state == null || !driver.mayUse(state.owner())) {
                        throw ApiException.notFound("Community '" + community + "' does not exist");
                    }
                    if (state.plugin(plugin) == null) {
                        throw ApiException.badRequest("Plugin '" + plugin + "' is not enabled for community '"
                                + community + "'");
                    }
                    return state;
                });
    }

    /**
     * A driver's own process, while its community is still the driver's (a transferred community's earlier processes
     * are left to administrators, so neither driver acts on what the other started); a process of a community since
     * deleted stays its starter's.
     */
    private boolean mayUse(Caller driver, ProcessRecord p) {
        if (driver.admin()) {
            return true;
        }
        return driver.driverId().equals(p.driver())
                && communities.find(p.community()).map(c -> driver.mayUse(c.owner())).orElse(true);
    }

    private ProcessDescriptor describe(QualifiedName qualifiedName) {
        String plugin = qualifiedName.plugin();
        String name = qualifiedName.name();
        if (catalog.isEmpty()) {
            throw ApiException.unavailable("The plugin catalog is not loaded yet; retry shortly");
        }
        if (catalog.plugin(plugin).isEmpty()) {
            throw ApiException.notFound("Unknown plugin '" + plugin + "'");
        }
        return catalog.process(plugin, name)
                .orElseThrow(() -> ApiException.notFound("Plugin '" + plugin + "' has no process '" + name + "'"));
    }

    /** DNS lookups block, so the check runs on a worker thread. */
    private Uni<Void> checkCallback(String url) {
        if (url == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> callbackPolicy.refusal(url))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(refusal -> {
                    refusal.ifPresent(why -> {
                        throw ApiException.badRequest("callback_url: " + why, List.of("callback_url"));
                    });
                    return null;
                });
    }

    /** A forced interval (tests, benchmarks) wins, then per-plugin config, then the process's own, then the default. */
    long intervalMillis(String plugin, ProcessDescriptor process) {
        ProcessConfig.Updates updates = config.updates();
        if (updates.forceInterval().isPresent()) {
            return updates.forceInterval().get().toMillis();
        }
        if (updates.plugins().containsKey(plugin)) {
            return updates.plugins().get(plugin).toMillis();
        }
        if (process.updateIntervalSeconds() > 0) {
            return process.updateIntervalSeconds() * 1000;
        }
        return updates.defaultInterval().toMillis();
    }

    /** 128 random bits, URL-safe: ids cannot be guessed or enumerated. */
    static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
