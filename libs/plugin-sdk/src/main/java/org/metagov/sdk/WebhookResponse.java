package org.metagov.sdk;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an answering receiver ({@code @WebhookReceiver(answers = true)}) sends back to the platform in the hook's own
 * HTTP response: Slack's {@code url_verification} challenge, Discord's PONG or UPDATE_MESSAGE. The gateway waits for
 * it (request/reply over Kafka, bounded by the receiver's budget) and answers with this status, type and body.
 */
public record WebhookResponse(int status, String contentType, byte[] body) {

    public WebhookResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("A webhook answer's status is 200 to 599");
        }
        body = body == null ? new byte[0] : body.clone();
    }

    public static WebhookResponse json(int status, JsonNode body) {
        try {
            return new WebhookResponse(status, "application/json", Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The answer is not serializable", e);
        }
    }

    public static WebhookResponse text(int status, String body) {
        return new WebhookResponse(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** An empty answer: {@code 200} acknowledges a hook that needs nothing back. */
    public static WebhookResponse empty(int status) {
        return new WebhookResponse(status, null, new byte[0]);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
