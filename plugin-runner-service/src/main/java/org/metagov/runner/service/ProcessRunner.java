package org.metagov.runner.service;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;

import org.metagov.events.process.ProcessCommand;
import org.metagov.plugin.model.ProcessType;
import org.metagov.runner.messaging.ProcessUpdateRelay;
import org.metagov.runner.repository.LoadedProcess;
import org.metagov.runner.repository.ProcessStore;
import org.metagov.events.process.ProcessUpdate;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * Runs one {@link ProcessCommand}: locks the process row, calls the plugin's start / update / close /
 * receiveWebhook, and stores the row, the command id and the resulting update in one transaction. A re-delivered
 * command finds its id done and runs nothing; every command that runs is answered by exactly one update.
 */
@ApplicationScoped
public class ProcessRunner {

    private static final Duration START_GRACE = Duration.ofSeconds(5);

    private final ProcessRegistry registry;
    private final ProcessStore store;
    private final ProcessCalls calls;
    private final ProcessUpdateRelay relay;

    private final PluginCallMetrics metrics;

    public ProcessRunner(ProcessRegistry registry, ProcessStore store, ProcessCalls calls, ProcessUpdateRelay relay,
            PluginCallMetrics metrics) {
        this.metrics = metrics;
        this.registry = registry;
        this.store = store;
        this.calls = calls;
        this.relay = relay;
    }

    /**
     * Runs the command; for a WEBHOOK command, returns the process's answer to the hook
     * ({@code ProcessBase.answerWebhook}), or null.
     */
    public WebhookResponse handle(ProcessCommand command) {
        // a start right after its community enabled the plugin can overtake the community record: give the
        // instance a moment to appear instead of failing the start at once
        LiveInstance startIn = command.type() != ProcessCommand.Type.START ? null
                : calls.awaitInstance(command.community(), command.plugin(), command.communityPlatformId(),
                        START_GRACE).chosen();
        AtomicReference<WebhookResponse> answer = new AtomicReference<>();
        boolean ran = store.inTransaction(conn -> {
            answer.set(null); // a transaction retried runs the process again: only its last answer counts
            if (!store.markDone(conn, command.id())) {
                return false;
            }
            LoadedProcess process = store.lock(conn, command.processId());
            if (command.type() == ProcessCommand.Type.START) {
                if (process != null) {
                    return false; // started by an earlier command; its update is on its way
                }
                process = LoadedProcess.created(command.processId(), command.community(), command.plugin(),
                        command.process(), startIn == null ? null : startIn.id());
                if (startIn == null) {
                    process.errors(Json.object().put("message", calls.choice(command).message(command.plugin(),
                            command.community(), command.communityPlatformId())));
                    process.status(ProcessStatus.COMPLETED);
                }
            } else if (process == null) {
                process = LoadedProcess.created(command.processId(), command.community(), command.plugin(),
                        command.process(), null);
                process.errors(Json.object().put("message", "This process was never started"));
                process.status(ProcessStatus.COMPLETED);
            }
            if (command.type() == ProcessCommand.Type.REOPEN) {
                reopen(command, process);
            } else if (process.status() != ProcessStatus.COMPLETED) {
                answer.set(run(command, process));
            }
            store.save(conn, process, command.id());
            return true;
        });
        if (ran) {
            relay.kick();
        }
        return ran ? answer.get() : null;
    }

    private WebhookResponse run(ProcessCommand command, LoadedProcess process) {
        ProcessType type = registry.find(command.plugin(), command.process()).orElse(null);
        LiveInstance live = calls.instanceOf(process);
        if (type == null || live == null) {
            process.errors(Json.object().put("message", type == null
                    ? "Unknown process '" + command.plugin() + "." + command.process() + "'"
                    : "Plugin '" + command.plugin() + "' is not enabled for community '" + command.community() + "'"));
            process.status(ProcessStatus.COMPLETED);
            return null;
        }
        Instance.Handle<? extends ProcessBase<?>> handle = calls.bind(type, process, live);
        ProcessBase<?> code = handle.get();
        long started = System.nanoTime();
        String outcome = "failed";
        WebhookResponse answer = null;
        try {
            answer = calls.run(process, () -> {
                switch (command.type()) {
                    case START -> code.start(command.parameters() == null ? Json.object() : command.parameters());
                    case UPDATE -> code.update();
                    case CLOSE -> code.close();
                    case WEBHOOK -> {
                        // answerWebhook's default is receiveWebhook, answering nothing
                        return code.answerWebhook(WebhookRouter.requestOf(command.webhook()));
                    }
                    case REOPEN -> code.reopen(command.parameters() == null ? Json.object() : command.parameters());
                }
                return null;
            });
            outcome = "ok";
            if (command.type() == ProcessCommand.Type.START && process.status() == ProcessStatus.CREATED) {
                // seed 001: start sets pending (or completed); one that set neither has still started
                process.status(ProcessStatus.PENDING);
            }
        } catch (UnsupportedOperationException e) {
            outcome = "unsupported";
            process.errors(Json.object().put(command.type().name().toLowerCase(), "not supported by this process"));
            process.commandResult(ProcessUpdate.CommandResult.NOT_SUPPORTED);
        } catch (Exception e) {
            outcome = e instanceof java.util.concurrent.TimeoutException ? "timed_out" : "failed";
            failed(command, process, e);
        } finally {
            handle.destroy();
            metrics.processCall(command.plugin(), command.process(), command.type().name().toLowerCase(), outcome,
                    started);
        }
        return answer;
    }

    /**
     * Puts a completed process back to pending and runs its {@code reopen} hook; a process that is not completed,
     * or whose instance is gone, or whose hook fails, stays as it was (the update says why, typed).
     */
    private void reopen(ProcessCommand command, LoadedProcess process) {
        if (process.status() != ProcessStatus.COMPLETED) {
            process.commandResult(ProcessUpdate.CommandResult.NOT_SUPPORTED);
            return; // process-service checked; a second reopen of the same process raced this one
        }
        ProcessStatus status = process.status();
        var errors = process.errors();
        if (calls.instanceOf(process) == null) {
            process.commandResult(ProcessUpdate.CommandResult.NOT_SUPPORTED);
            return;
        }
        process.status(ProcessStatus.PENDING);
        process.errors(Json.object());
        run(command, process);
        if (process.result() != ProcessUpdate.CommandResult.DONE) {
            process.status(status);
            process.errors(errors.isObject() && process.errors().isObject()
                    ? ((com.fasterxml.jackson.databind.node.ObjectNode) errors.deepCopy()).setAll(
                            (com.fasterxml.jackson.databind.node.ObjectNode) process.errors())
                    : errors);
        }
    }

    /** A failed start ends the process; a failed update or close leaves it pending and says why in errors. */
    private static void failed(ProcessCommand command, LoadedProcess process, Exception e) {
        boolean rejected = command.type() == ProcessCommand.Type.REOPEN && e instanceof PluginException pe
                && pe.isCallerFault();
        process.commandResult(rejected ? ProcessUpdate.CommandResult.REJECTED : ProcessUpdate.CommandResult.FAILED);
        String message = e instanceof PluginException || e instanceof TimeoutException ? e.getMessage()
                : "The plugin failed: " + e.getClass().getSimpleName();
        if (!(e instanceof PluginException pe && pe.isCallerFault())) {
            Log.errorf(e, "%s of process %s.%s (%s) failed", command.type(), command.plugin(), command.process(),
                    command.processId());
        }
        ObjectNode errors = command.type() == ProcessCommand.Type.START ? Json.object().put("message", message)
                : Json.object().put(command.type().name().toLowerCase(), message);
        if (e instanceof PluginException pe && !pe.details().isEmpty()) {
            errors.set("details", Json.of(pe.details())); // what the platform said, as an action's 502 carries it
        }
        process.errors(errors);
        if (command.type() == ProcessCommand.Type.START) {
            process.status(ProcessStatus.COMPLETED);
        }
    }
}
