package org.metagov.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A hook exactly as a platform sent it, keyed by community on {@link Topics#WEBHOOKS_INBOUND}.
 * {@code communityVersion} is the version of the community the gateway accepted it against (null when unknown, or
 * for platform-wide hooks): a runner that has only seen older versions waits for that one before giving up.
 * {@code hookSlug} is the {@code /{webhook_slug}} segment of the URL the hook came to (null without one): with
 * several instances of the plugin in the community it names the instance. {@code answerBy}: the gateway holds the
 * platform's request open for the plugin's answer until then (an answering receiver); the runner replies on
 * {@link Topics#ACTION_REPLIES} with the hook's id ({@link WebhookAnswer}). Null: fire-and-forget, answered by the
 * gateway once Kafka has the hook.
 */
public record InboundWebhook(String id, String community, String plugin, String method, String path, String query,
        Map<String, List<String>> headers, byte[] body, Instant receivedAt, Long communityVersion, String hookSlug,
        Instant answerBy) {

    public InboundWebhook(String id, String community, String plugin, String method, String path, String query,
            Map<String, List<String>> headers, byte[] body, Instant receivedAt, Long communityVersion) {
        this(id, community, plugin, method, path, query, headers, body, receivedAt, communityVersion, null, null);
    }

    public InboundWebhook(String id, String community, String plugin, String method, String path, String query,
            Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
        this(id, community, plugin, method, path, query, headers, body, receivedAt, null, null, null);
    }

    /** Whether the gateway still waits for this hook's answer. */
    public boolean awaitsAnswer(Instant now) {
        return answerBy != null && now.isBefore(answerBy);
    }
}
