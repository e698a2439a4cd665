package org.metagov.runner.service;

import org.metagov.events.EventJson;
import org.metagov.events.WebhookAnswer;
import org.metagov.sdk.Json;
import org.metagov.sdk.WebhookResponse;

/**
 * The answers the runner gives a platform for an answering receiver's hook: the plugin's own, or ours when it
 * failed, with our error body ({@code {"error","message","details"}}); the messages never carry the hook's body.
 */
final class HookAnswers {

    private HookAnswers() {
    }

    /** Null (the receiver or process said nothing): {@code 200} with no body. */
    static WebhookAnswer of(WebhookResponse response) {
        return response == null ? new WebhookAnswer(200, null, new byte[0])
                : new WebhookAnswer(response.status(), response.contentType(), response.body());
    }

    /** The signature, timestamp or token did not verify: answered 401 at once, nothing else runs. */
    static WebhookAnswer unauthorized(String message) {
        return error(401, "unauthorized", message);
    }

    static WebhookAnswer invalid(String message) {
        return error(400, "bad_request", message);
    }

    static WebhookAnswer failed() {
        return error(502, "plugin_failed", "The plugin's webhook receiver failed");
    }

    static WebhookAnswer notFound() {
        return error(404, "not_found", "No webhook receiver at this URL");
    }

    private static WebhookAnswer error(int status, String code, String message) {
        byte[] body = EventJson.write(Json.object().put("error", code).put("message", message)
                .set("details", Json.MAPPER.createArrayNode())).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new WebhookAnswer(status, "application/json", body);
    }
}
