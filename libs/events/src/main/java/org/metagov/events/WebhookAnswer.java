package org.metagov.events;

/**
 * The answer of an answering receiver to one {@link InboundWebhook}, as the gateway gives it back to the platform:
 * status, content type (null: none) and body. It travels as the {@code result} of an {@link ActionReply} whose
 * {@code requestId} is the hook's id, so hooks and actions share one request/reply mechanism.
 */
public record WebhookAnswer(int status, String contentType, byte[] body) {

    public WebhookAnswer {
        body = body == null ? new byte[0] : body;
    }

    public ActionReply toReply(String hookId) {
        return new ActionReply(hookId, ActionReply.Outcome.OK, EventJson.MAPPER.valueToTree(this), null);
    }

    /** The answer a reply carries; null when it carries none (not a hook's reply). */
    public static WebhookAnswer of(ActionReply reply) {
        if (reply.result() == null || !reply.result().isObject() || !reply.result().has("status")) {
            return null;
        }
        try {
            return EventJson.MAPPER.treeToValue(reply.result(), WebhookAnswer.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
