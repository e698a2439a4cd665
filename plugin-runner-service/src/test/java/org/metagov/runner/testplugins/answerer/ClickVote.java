package org.metagov.runner.testplugins.answerer;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/** Counts clicks and answers each with the new count (Discord's UPDATE_MESSAGE). */
@GovernanceProcess(name = "click-vote", description = "Answers clicks")
public class ClickVote extends ProcessBase<AnswererPlugin> {

    @Override
    public void start(JsonNode parameters) {
        setStatus(ProcessStatus.PENDING);
        setOutcome(Json.object().put("clicks", 0));
    }

    @Override
    public WebhookResponse answerWebhook(WebhookRequest webhook) {
        if (!webhook.bodyText().contains("click")) {
            return null;
        }
        int clicks = outcome().path("clicks").asInt() + 1;
        setOutcome(Json.object().put("clicks", clicks));
        return WebhookResponse.json(200, Json.object().put("type", 7).put("clicks", clicks));
    }
}
