package org.metagov.runner.service;

import java.lang.reflect.Method;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.quarkus.logging.Log;

import org.metagov.events.ActionReply;
import org.metagov.events.ActionReply.Outcome;
import org.metagov.events.ActionRequest;
import org.metagov.events.EventJson;
import org.metagov.events.InstanceChoice;
import org.metagov.observability.LogFields;
import org.metagov.runner.config.RunnerConfig;
import org.metagov.runner.service.PluginThreads.Busy;
import org.metagov.runner.service.PluginThreads.PluginFailure;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;

/**
 * Runs one action of one live instance on a plugin thread, bounded by the action timeout, and says whose fault a
 * failure is. Stack traces stay in the log; callers get the message only.
 */
@ApplicationScoped
public class ActionRunner {

    private final PluginInstances instances;
    private final RunnerConfig config;
    private final PluginThreads threads;
    private final PluginCallMetrics metrics;

    public ActionRunner(PluginInstances instances, RunnerConfig config, PluginThreads threads,
            PluginCallMetrics metrics) {
        this.instances = instances;
        this.config = config;
        this.threads = threads;
        this.metrics = metrics;
    }

    public ActionReply run(ActionRequest request) {
        long started = System.nanoTime();
        try (LogFields fields = LogFields.of(LogFields.COMMUNITY, request.community(), LogFields.PLUGIN,
                request.plugin(), LogFields.ACTION, request.action())) {
            ActionReply reply = runLogged(request);
            // names the plugin does not declare are no label values: the labels stay bounded
            boolean declared = instances.instancesOf(request.community(), request.plugin()).stream()
                    .anyMatch(live -> live.type().actions().containsKey(request.action()));
            metrics.action(declared ? request.plugin() : "unknown", declared ? request.action() : "unknown",
                    reply.outcome().name().toLowerCase(java.util.Locale.ROOT), started);
            return reply;
        }
    }

    private ActionReply runLogged(ActionRequest request) {
        InstanceChoice<LiveInstance> choice = instances.choose(request.community(), request.plugin(),
                request.communityPlatformId());
        LiveInstance live = choice.chosen();
        if (choice.refusal() == InstanceChoice.Refusal.NOT_ENABLED) {
            return new ActionReply(request.id(), Outcome.NOT_ENABLED, null,
                    "Plugin '" + request.plugin() + "' is not enabled for community '" + request.community() + "'");
        }
        if (live == null) {
            // the gateway checked against the communities topic; this runner's view may differ for a moment
            return new ActionReply(request.id(), Outcome.REJECTED, null, choice.message(request.plugin(),
                    request.community(), request.communityPlatformId()),
                    choice.details().stream().map(d -> (JsonNode) Json.of(d)).toList());
        }
        Method method = live.type().actions().get(request.action());
        if (method == null) {
            return new ActionReply(request.id(), Outcome.REJECTED, null,
                    "Plugin '" + request.plugin() + "' has no action '" + request.action() + "'");
        }
        JsonNode parameters = request.parameters() == null ? Json.object() : request.parameters();
        try {
            Object result = threads.action(request.community(), request.plugin(), () -> method.getParameterCount() == 0
                    ? method.invoke(live.plugin())
                    : method.invoke(live.plugin(), parameters), config.actionTimeout(), request.deadline());
            JsonNode json = result == null ? NullNode.getInstance() : EventJson.MAPPER.valueToTree(result);
            return new ActionReply(request.id(), Outcome.OK, json, null);
        } catch (Busy e) {
            return ActionReply.tooBusy(request.id(), e.getMessage(), e.retryAfter().toSeconds());
        } catch (TimeoutException e) {
            return new ActionReply(request.id(), Outcome.TIMED_OUT, null,
                    "The action did not finish within " + config.actionTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ActionReply(request.id(), Outcome.FAILED, null, "The runner is shutting down");
        } catch (PluginFailure e) {
            return failure(request, e.getCause());
        }
    }

    private static ActionReply failure(ActionRequest request, Throwable cause) {
        if (cause instanceof PluginException pe && pe.isCallerFault()) {
            return new ActionReply(request.id(), Outcome.REJECTED, null, pe.getMessage());
        }
        if (cause instanceof PluginException pe && pe.isTimeout()) {
            return new ActionReply(request.id(), Outcome.TIMED_OUT, null, pe.getMessage());
        }
        Log.errorf(cause, "Action %s.%s of community %s failed", request.plugin(), request.action(),
                request.community());
        if (cause instanceof PluginException pe) {
            return new ActionReply(request.id(), Outcome.FAILED, null, pe.getMessage(),
                    pe.details().stream().map(d -> (JsonNode) Json.of(d)).toList());
        }
        return new ActionReply(request.id(), Outcome.FAILED, null,
                "The plugin failed: " + cause.getClass().getSimpleName());
    }
}
