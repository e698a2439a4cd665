package org.metagov.process.service;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;

import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor.ProcessDescriptor;
import org.metagov.events.RecordLimits;
import org.metagov.events.process.ProcessCommand;
import org.metagov.outbound.AddressPolicy;
import org.metagov.process.config.ProcessConfig;
import org.metagov.process.messaging.CommandRelay;
import org.metagov.process.messaging.CommunityDirectory;
import org.metagov.process.messaging.ProcessCatalog;
import org.metagov.process.repository.ProcessRecord;
import org.metagov.process.repository.ProcessRepository;
import org.metagov.sdk.schema.JsonSchemas;
import org.metagov.web.ApiException;

/** Seed 003's process API: start (202), read, close (200 once the plugin closed it). */
@ApplicationScoped
public class ProcessService {

    public static final String COMMUNITY_HEADER = "X-Metagov-Community";
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

    public ProcessService(Pool pool, ProcessRepository repository, ProcessCatalog catalog,
            CommunityDirectory communities, AddressPolicy callbackPolicy, CommandRelay relay, AnswerWaiters waiters,
            ProcessConfig config, RecordLimits limits) {
        this.limits = limits;
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
     */
    public Uni<ObjectNode> start(String qualifiedName, String community, String body) {
        if (community == null || community.isBlank()) {
            throw ApiException.badRequest("Missing required header '" + COMMUNITY_HEADER + "'");
        }
        String[] name = split(qualifiedName);
        ProcessDescriptor process = describe(name[0], name[1]);
        ObjectNode parameters = parse(body);
        JsonNode callback = parameters.remove("callback_url");
        if (callback != null && !callback.isNull() && !callback.isTextual()) {
            throw ApiException.badRequest("callback_url must be a string", List.of("callback_url"));
        }
        String callbackUrl = callback == null || callback.isNull() ? null : callback.asText();
        return enabled(community, name[0]).flatMap(state -> {
            List<String> errors = JsonSchemas.validate(process.inputSchema(), parameters);
            if (!errors.isEmpty()) {
                throw ApiException.badRequest("Invalid parameters for process '" + qualifiedName + "'", errors);
            }
            String id = newId();
            Long interval = process.canUpdate() ? intervalMillis(name[0], process) : null;
            ProcessCommand start = new ProcessCommand(ProcessCommand.startId(id), ProcessCommand.Type.START, id,
                    community, name[0], name[1], parameters, null, Instant.now());
            checkFits(start);
            return checkCallback(callbackUrl)
                    .invoke(() -> waiters.expect(start.id()))
                    .flatMap(x -> pool.withTransaction(conn -> repository
                            .insert(conn, id, community, name[0], name[1], callbackUrl, interval)
                            .flatMap(y -> repository.enqueue(conn, List.of(start)))))
                    .onFailure().invoke(() -> waiters.forget(start.id()))
                    .invoke(relay::kick)
                    .flatMap(x -> awaitAnswer(start.id(), config.startWait()))
                    .flatMap(x -> repository.find(pool, id))
                    .map(ProcessView::render);
        });
    }

    /** A start command the relay could never send is refused (413) before anything is stored. */
    private void checkFits(ProcessCommand start) {
        int bytes = EventJson.write(start).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > limits.maxValueBytes()) {
            throw new ApiException(413, "payload_too_large", "The process's start command with its parameters would be "
                    + bytes + " bytes, over the limit of " + limits.maxValueBytes() + " bytes", List.of("parameters"));
        }
    }

    public Uni<ObjectNode> get(String qualifiedName, String id, String community) {
        return load(qualifiedName, id, community).map(ProcessView::render);
    }

    /**
     * Sends close and waits for the plugin's answer: 200 with the completed process; 409 when the process cannot be
     * closed by the driver or the plugin declined; 502 when the plugin failed; 504 when it did not answer in time.
     */
    public Uni<ObjectNode> close(String qualifiedName, String id, String community) {
        return load(qualifiedName, id, community).flatMap(p -> {
            if (p.completed()) {
                return Uni.createFrom().item(ProcessView.render(p));
            }
            boolean closable = catalog.process(p.plugin(), p.name()).map(ProcessDescriptor::canClose).orElse(false);
            if (!closable) {
                throw ApiException.conflict("Process '" + p.qualifiedName() + "' cannot be closed by the driver; "
                        + "it completes on its own");
            }
            return pool.withTransaction(conn -> repository.lock(conn, id).flatMap(locked -> locked.completed()
                    ? Uni.createFrom().<String>nullItem()
                    : repository.nextCloseSeq(conn, id).flatMap(seq -> {
                        String commandId = id + ":close:" + seq;
                        waiters.expect(commandId);
                        return repository.enqueue(conn, List.of(new ProcessCommand(commandId,
                                ProcessCommand.Type.CLOSE, id, p.community(), p.plugin(), p.name(), null, null,
                                Instant.now()))).replaceWith(commandId);
                    })))
                    .invoke(relay::kick)
                    .flatMap(commandId -> commandId == null ? Uni.createFrom().item(true)
                            : awaitAnswer(commandId, config.closeTimeout()))
                    .flatMap(answered -> repository.find(pool, id).map(closed -> {
                        if (closed.completed()) {
                            return ProcessView.render(closed);
                        }
                        if (!answered) {
                            throw new ApiException(504, "timeout",
                                    "The plugin did not close the process in time; it may still close");
                        }
                        JsonNode failure = closed.errors().path("close");
                        if (failure.isTextual() && !failure.asText().contains("not supported")) {
                            throw new ApiException(502, "plugin_failed",
                                    "The plugin could not close the process: " + failure.asText());
                        }
                        throw ApiException.conflict("The plugin did not close process '" + id + "'"
                                + (failure.isTextual() ? ": " + failure.asText() : ""));
                    }));
        });
    }

    private Uni<Boolean> awaitAnswer(String commandId, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            waiters.forget(commandId);
            return Uni.createFrom().item(false);
        }
        return waiters.await(commandId, timeout,
                () -> repository.isProcessed(pool, UpdateApplier.answerMarker(commandId)));
    }

    /** The process, or 404 when it does not exist, has another name, or belongs to another community. */
    private Uni<ProcessRecord> load(String qualifiedName, String id, String community) {
        return repository.find(pool, id).map(p -> {
            if (p == null || !p.qualifiedName().equals(qualifiedName)
                    || (community != null && !community.isBlank() && !community.equals(p.community()))) {
                throw ApiException.notFound("Process '" + qualifiedName + "/" + id + "' does not exist");
            }
            return p;
        });
    }

    /**
     * The community, once it exists and has the plugin enabled: 404 for an unknown community, 400 for a plugin it
     * has not enabled. A change that is still on its way over the communities topic is waited for a moment.
     */
    private Uni<CommunityState> enabled(String community, String plugin) {
        return communities.await(community, state -> state.plugin(plugin) != null, config.directoryWait())
                .map(state -> {
                    if (state == null) {
                        throw ApiException.notFound("Community '" + community + "' does not exist");
                    }
                    if (state.plugin(plugin) == null) {
                        throw ApiException.badRequest("Plugin '" + plugin + "' is not enabled for community '"
                                + community + "'");
                    }
                    return state;
                });
    }

    private ProcessDescriptor describe(String plugin, String name) {
        if (catalog.isEmpty()) {
            throw ApiException.unavailable("The plugin catalog is not loaded yet; retry shortly");
        }
        if (catalog.plugin(plugin).isEmpty()) {
            throw ApiException.notFound("Unknown plugin '" + plugin + "'");
        }
        return catalog.process(plugin, name)
                .orElseThrow(() -> ApiException.notFound("Plugin '" + plugin + "' has no process '" + name + "'"));
    }

    private static String[] split(String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        if (dot <= 0 || dot == qualifiedName.length() - 1) {
            throw ApiException.notFound("Unknown process '" + qualifiedName + "': expected <plugin>.<process>");
        }
        return new String[] {qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1)};
    }

    private static ObjectNode parse(String body) {
        if (body == null || body.isBlank()) {
            return EventJson.MAPPER.createObjectNode();
        }
        JsonNode json;
        try {
            json = EventJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(400, "malformed_json", "The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(json instanceof ObjectNode object)) {
            throw ApiException.badRequest("The body must be a JSON object of the process parameters");
        }
        return object;
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
