package org.metagov.runner.service;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;

import org.metagov.events.InboundWebhook;
import org.metagov.events.WebhookAnswer;
import org.metagov.observability.LogFields;
import org.metagov.observability.Tracing;
import org.metagov.plugin.model.PluginType;
import org.metagov.runner.config.RunnerConfig;
import org.metagov.runner.messaging.DriverEventPublisher;
import org.metagov.runner.messaging.WebhookAnswerPublisher;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;

/**
 * Hands an inbound hook to the {@code @WebhookReceiver} of the plugin instance it was posted for, or, for a
 * platform-wide hook, of every instance of the plugin that claims it; then to the instance's pending processes that
 * receive hooks ({@link ProcessWebhooks}). Bodies are never logged: they may carry personal data or secrets.
 */
@ApplicationScoped
public class WebhookRouter {

    private final PluginInstances instances;
    private final ProcessWebhooks processes;
    private final DriverEventPublisher events;
    private final MeterRegistry metrics;
    private final RunnerConfig config;
    private final PluginRegistry registry;
    private final PluginContexts contexts;
    private final WebhookAnswerPublisher answers;
    private final Tracing tracing;

    public WebhookRouter(PluginInstances instances, ProcessWebhooks processes, DriverEventPublisher events,
            MeterRegistry metrics, RunnerConfig config, PluginRegistry registry, PluginContexts contexts,
            WebhookAnswerPublisher answers, Tracing tracing) {
        this.tracing = tracing;
        this.config = config;
        this.instances = instances;
        this.processes = processes;
        this.events = events;
        this.metrics = metrics;
        this.registry = registry;
        this.contexts = contexts;
        this.answers = answers;
    }

    /**
     * A batch of hooks, in order; their pending processes are read with one query. Returns once Kafka acknowledged
     * every driver event the batch caused; throws {@link DriverEventPublisher.NotPublished} if it did not take one.
     */
    public void routeAll(List<InboundWebhook> hooks) {
        routeAll(hooks, java.util.Collections.nCopies(hooks.size(), null));
    }

    /** As {@link #routeAll(List)}; each hook handled in the trace of its record ({@code traceparents}, in order). */
    public void routeAll(List<InboundWebhook> hooks, List<String> traceparents) {
        HookScope.Batch batch = new HookScope.Batch(events);
        ProcessWebhooks.Pending pending = processes.lookup(hooks);
        for (int i = 0; i < hooks.size(); i++) {
            InboundWebhook hook = hooks.get(i);
            Span span = tracing.start("webhooks-inbound process", SpanKind.CONSUMER, traceparents.get(i));
            try (Scope scope = span.makeCurrent(); LogFields fields = LogFields.of(LogFields.COMMUNITY,
                    hook.community(), LogFields.PLUGIN, hook.plugin(), LogFields.EVENT_ID, hook.id())) {
                WebhookAnswer answer = route(hook, pending, batch);
                if (answer != null && hook.awaitsAnswer(Instant.now())) {
                    batch.awaitAcks(); // what the hook caused is durable before the platform hears it was taken
                    answers.send(hook, answer);
                }
            } catch (RuntimeException e) {
                Tracing.fail(span, e);
                throw e;
            } finally {
                span.end();
            }
        }
        batch.awaitAcks();
    }

    /** The hook as plugin code sees it, the platform's request. */
    static WebhookRequest requestOf(InboundWebhook hook) {
        return new WebhookRequest(hook.method(), hook.path(), hook.query(), hook.headers(), hook.body());
    }

    /** Returns the answer for the platform when the gateway waits for one, else null. */
    private WebhookAnswer route(InboundWebhook hook, ProcessWebhooks.Pending pending, HookScope.Batch batch) {
        WebhookRequest request = requestOf(hook);
        boolean answering = hook.answerBy() != null;
        List<LiveInstance> targets;
        if (hook.community() != null) {
            // a hook can overtake its community's record (just created): wait while the topic may still bring it
            List<LiveInstance> live = instances.await(hook.community(), hook.plugin(), null, config.hookInstanceWait(),
                    () -> instances.mayStillArrive(hook.community(), hook.communityVersion()));
            targets = communityTargets(live, hook.hookSlug(), request);
        } else {
            targets = platformWideTargets(hook.plugin(), request);
        }
        if (targets.isEmpty()) {
            PluginType type = registry.find(hook.plugin()).orElse(null);
            if (answering && type != null && type.listeners().answers()) {
                return withoutInstance(hook, type, request);
            }
            count(hook.plugin(), "unrouted");
            Log.infof("Hook %s for %s/%s has no enabled instance; dropped", hook.id(), hook.community(), hook.plugin());
            return answering ? HookAnswers.notFound() : null;
        }
        Delivered first = null;
        WebhookResponse fromProcess = null;
        for (LiveInstance target : targets) {
            Delivered delivered = deliver(hook, target, request, batch.scope(hook.id(), target.id()));
            first = first == null ? delivered : first;
            if (delivered.rejected()) {
                continue; // a forged hook reaches no process either
            }
            WebhookResponse given = processes.route(hook, target, pending);
            fromProcess = fromProcess == null ? given : fromProcess;
        }
        if (!answering) {
            return null;
        }
        if (first.rejected() || fromProcess == null) {
            return first.answer();
        }
        return HookAnswers.of(fromProcess);
    }

    /**
     * The instance a community hook is for: the only one of the plugin; with several, the one the URL's slug names
     * (its {@code webhook_slug} or generated slug), else those whose plugin code accepts it
     * ({@link PluginBase#acceptsCommunityWebhook}, e.g. by a header the platform sends).
     */
    private static List<LiveInstance> communityTargets(List<LiveInstance> live, String slug, WebhookRequest request) {
        if (live.size() <= 1) {
            return live;
        }
        if (slug != null) {
            List<LiveInstance> named = live.stream().filter(i -> slug.equals(i.webhookSlug())).toList();
            if (!named.isEmpty()) {
                return named;
            }
        }
        return live.stream().filter(i -> i.plugin().acceptsCommunityWebhook(request)).toList();
    }

    /** The instances a platform-wide hook is for: by the platform id the plugin reads from it, else by asking each. */
    private List<LiveInstance> platformWideTargets(String plugin, WebhookRequest request) {
        List<LiveInstance> ofPlugin = instances.all().stream().filter(i -> i.type().name().equals(plugin)).toList();
        if (ofPlugin.isEmpty()) {
            return ofPlugin;
        }
        String platformId = ofPlugin.get(0).plugin().platformIdOf(request);
        if (platformId != null) {
            return ofPlugin.stream().filter(i -> platformId.equals(i.communityPlatformId())).toList();
        }
        return ofPlugin.stream().filter(i -> i.plugin().acceptsPlatformWebhook(request)).toList();
    }

    /** What one receiver made of the hook: {@code rejected} when it failed verification. */
    private record Delivered(WebhookAnswer answer, boolean rejected) {
    }

    private Delivered deliver(InboundWebhook hook, LiveInstance target, WebhookRequest request, HookScope scope) {
        Method receiver = target.type().listeners().webhookReceiver();
        if (receiver == null) {
            count(hook.plugin(), "no_receiver");
            return new Delivered(HookAnswers.notFound(), false);
        }
        Instance.Handle<? extends PluginBase> plugin = instances.forHook(target, scope);
        try {
            return invoke(hook, target.community(), receiver, plugin.get(), request);
        } finally {
            plugin.destroy();
        }
    }

    /** An answering receiver for a hook no instance matched (a PING, a url_verification, an early install event). */
    private WebhookAnswer withoutInstance(InboundWebhook hook, PluginType type, WebhookRequest request) {
        Instance.Handle<? extends PluginBase> plugin = registry.create(type);
        try {
            plugin.get().bind(contexts.instanceless(type.name()));
            return invoke(hook, null, type.listeners().webhookReceiver(), plugin.get(), request).answer();
        } finally {
            plugin.destroy();
        }
    }

    private Delivered invoke(InboundWebhook hook, String community, Method receiver, PluginBase plugin,
            WebhookRequest request) {
        try {
            Object answer = receiver.invoke(plugin, request);
            count(hook.plugin(), community == null ? "accepted_without_instance" : "accepted");
            return new Delivered(HookAnswers.of(answer instanceof WebhookResponse r ? r : null), false);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DriverEventPublisher.NotPublished notPublished) {
                // fail the record: it is not committed, and is handled again (same event ids) once Kafka is back
                throw notPublished;
            }
            if (cause instanceof WebhookVerificationException) {
                count(hook.plugin(), "rejected");
                Log.warnf("Hook %s for %s/%s failed verification: %s", hook.id(), community, hook.plugin(),
                        cause.getMessage());
                return new Delivered(HookAnswers.unauthorized(cause.getMessage()), true);
            }
            if (cause instanceof PluginException pe && pe.isCallerFault()) {
                count(hook.plugin(), "invalid");
                Log.warnf("Hook %s for %s/%s refused: %s", hook.id(), community, hook.plugin(), cause.getMessage());
                return new Delivered(HookAnswers.invalid(cause.getMessage()), false);
            }
            count(hook.plugin(), "failed");
            Log.errorf(cause, "Receiver of %s failed on hook %s of community %s", hook.plugin(), hook.id(), community);
            return new Delivered(HookAnswers.failed(), false);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private void count(String plugin, String outcome) {
        metrics.counter("metagov.webhooks.received", "plugin", plugin, "outcome", outcome).increment();
    }
}
