package org.metagov.runner.plugins.tutorial;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/** Seed 001's {@code MyGovProcess}: started pending, closed by the driver, told about webhooks ("push"). */
@GovernanceProcess(name = "my-gov-process", description = "The process of the plugin tutorial",
        inputSchema = "my-gov-process.input.json")
public class MyGovProcess extends ProcessBase<TutorialPlugin> {

    @Override
    public void start(JsonNode parameters) {
        state().set("title", parameters.path("title").asText());
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void close() {
        complete("custom outcome data");
    }

    /** Counts the plugin's webhooks in the outcome; a hook with {@code {"close": true}} closes the process. */
    @Override
    public void receiveWebhook(WebhookRequest webhook) {
        Integer before = state().get("webhooks", Integer.class);
        int received = before == null ? 1 : before + 1;
        state().set("webhooks", received);
        setOutcome(Json.object().put("webhooks_received", received));
        if (safeJson(webhook).path("close").asBoolean(false)) {
            close();
        }
    }

    private static JsonNode safeJson(WebhookRequest webhook) {
        try {
            return webhook.json();
        } catch (PluginException e) {
            return Json.object(); // platforms send what they send; a non-JSON hook is just counted
        }
    }
}
