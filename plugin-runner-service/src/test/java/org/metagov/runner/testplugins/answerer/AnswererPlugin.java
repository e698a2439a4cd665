package org.metagov.runner.testplugins.answerer;

import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;

/**
 * An answering receiver as Discord's interactions need one: verified first ({@code X-Test-Signature: good}), answers
 * a PING without any instance, says which community it ran for, and lets a pending vote answer a click.
 */
@Plugin(name = "answerer", description = "Answers its hooks")
public class AnswererPlugin extends PluginBase {

    @WebhookReceiver(answers = true)
    public WebhookResponse receive(WebhookRequest request) {
        if (!"good".equals(request.header("X-Test-Signature"))) {
            throw new WebhookVerificationException("bad signature");
        }
        if (request.bodyText().contains("ping")) {
            return WebhookResponse.json(200, Json.object().put("type", 1).put("instance", hasInstance()));
        }
        if (!hasInstance()) {
            return WebhookResponse.text(404, "no community here");
        }
        sendEventToDriver("answered", Json.object().put("body", request.bodyText()), null);
        return WebhookResponse.json(200, Json.object().put("community", community()));
    }
}
