package org.metagov.gateway.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.RecordLimits;
import org.metagov.events.WebhookAnswer;
import org.metagov.gateway.config.GatewayConfig;
import org.metagov.gateway.messaging.ActionRequester;
import org.metagov.gateway.messaging.PluginCatalog;
import org.metagov.gateway.messaging.WebhookPublisher;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;

/**
 * Accepts platform hooks (seed 001 "Webhook Receiver URLs"). Whatever is wrong with a URL (community, plugin or
 * webhook_slug) answers the same 404, so hook URLs cannot be probed. Verification is the plugin's job, in the
 * runner: the gateway only makes the hook durable. For a plugin whose receiver answers (Slack's challenge, Discord's
 * interactions), the gateway then waits for the runner's {@link WebhookAnswer} (request/reply on action-replies, as
 * actions) at most {@code gateway.hook-answer-timeout}, and gives it back to the platform.
 */
@ApplicationScoped
public class HookService {

    private final CommunityLookup communities;
    private final PluginCatalog catalog;
    private final WebhookPublisher publisher;
    private final RecordLimits limits;
    private final ActionRequester replies;
    private final Duration answerTimeout;

    public HookService(CommunityLookup communities, PluginCatalog catalog, WebhookPublisher publisher,
            @ConfigProperty(name = RecordLimits.SETTING, defaultValue = "" + RecordLimits.DEFAULT_MAX_MESSAGE_BYTES)
            int maxMessageBytes, ActionRequester replies, GatewayConfig config) {
        this.communities = communities;
        this.catalog = catalog;
        this.publisher = publisher;
        this.limits = new RecordLimits(maxMessageBytes);
        this.replies = replies;
        this.answerTimeout = config.hookAnswerTimeout();
    }

    public record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    }

    /** What the platform is answered: the hook's id (received, fire-and-forget), or the plugin's own answer. */
    public record Accepted(String id, WebhookAnswer answer) {
    }

    public Uni<Accepted> forCommunity(String community, String plugin, String webhookSlug, Received request) {
        // a platform's hook is for the community, whoever owns it: the gateway looks it up as itself
        return communities.plugin(community, plugin, Caller.gateway()).flatMap(found -> {
            if (!found.enabled() || !slugMatches(found.instances(), webhookSlug)) {
                return Uni.createFrom().failure(notFound());
            }
            return publish(community, plugin, webhookSlug, request, found.communityVersion());
        });
    }

    public Uni<Accepted> platformWide(String plugin, Received request) {
        boolean receives = catalog.find(plugin).map(p -> p.webhookReceiver()).orElse(false);
        if (!receives) {
            return Uni.createFrom().failure(notFound());
        }
        return publish(null, plugin, null, request, null);
    }

    private Uni<Accepted> publish(String community, String plugin, String webhookSlug, Received request,
            Long communityVersion) {
        boolean answers = catalog.find(plugin).map(p -> p.webhookAnswers()).orElse(false);
        Instant now = Instant.now();
        InboundWebhook hook = new InboundWebhook(UUID.randomUUID().toString(), community, plugin, request.method(),
                request.path(), request.query(), request.headers(), request.body(), now, communityVersion,
                webhookSlug, answers ? now.plus(answerTimeout) : null);
        requireFits(hook);
        if (!answers) {
            return publisher.publish(hook).replaceWith(new Accepted(hook.id(), null));
        }
        // the hook is durable (acknowledged by Kafka) before the runner can answer it
        return replies.awaitReply(hook.id(), answerTimeout, publisher.publish(hook), "The plugin's webhook receiver")
                .map(reply -> {
                    WebhookAnswer answer = WebhookAnswer.of(reply);
                    if (answer == null) {
                        throw new ApiException(502, "bad_answer", "The plugin's webhook receiver sent no answer");
                    }
                    return new Accepted(hook.id(), answer);
                });
    }

    /**
     * The hook travels as one record: its body, base64 in JSON, beside its headers, path and query. What the body
     * may be follows from the record limit and this hook's own envelope, so every hook accepted fits the record.
     */
    private void requireFits(InboundWebhook hook) {
        InboundWebhook envelope = new InboundWebhook(hook.id(), hook.community(), hook.plugin(), hook.method(),
                hook.path(), hook.query(), hook.headers(), new byte[0], hook.receivedAt(), hook.communityVersion(),
                hook.hookSlug(), hook.answerBy());
        int maxBody = limits.maxBase64BodyBytes(EventJson.write(envelope).getBytes(StandardCharsets.UTF_8).length);
        if (hook.body().length > maxBody) {
            throw new ApiException(413, "payload_too_large", "The hook's body is larger than the limit of " + maxBody
                    + " bytes (what one Kafka record holds beside this hook's headers, path and query)");
        }
    }

    /**
     * Whether the URL's slug is one the instances take. One instance: its configured {@code webhook_slug}, or no
     * slug when it configures none (as before instances). Several: each also takes its own (configured or
     * generated) slug, and the bare URL reaches them all (the plugin's {@code acceptsCommunityWebhook} picks).
     */
    private static boolean slugMatches(List<CommunityLookup.Instance> instances, String given) {
        if (instances.size() == 1) {
            JsonNode configured = instances.get(0).config() == null ? null
                    : instances.get(0).config().get("webhook_slug");
            boolean hasSlug = configured != null && configured.isTextual() && !configured.asText().isEmpty();
            return hasSlug ? configured.asText().equals(given) : given == null;
        }
        return given == null || instances.stream().anyMatch(i -> given.equals(i.webhookSlug()));
    }

    private static ApiException notFound() {
        return ApiException.notFound("No webhook receiver at this URL");
    }
}
