package org.metagov.runner.plugins.github;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Initiator;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.Signatures;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;

/**
 * GitHub App webhooks, as Metagov's github plugin turns them into driver events ("opened issues", ...), but signed:
 * with {@code webhook_secret} configured, a hook without a valid {@code X-Hub-Signature-256} emits nothing.
 */
@Plugin(name = "github", description = "Events from a GitHub App installation",
        configSchema = "config.schema.json", authType = Plugin.AuthType.OAUTH, platformIdKey = "installation_id")
public class GitHubPlugin extends PluginBase {

    /** The App's single webhook URL ({@code /api/hooks/github}) serves every installation. */
    @Override
    public String platformIdOf(WebhookRequest request) {
        JsonNode installation = request.json().path("installation").path("id");
        // a hook without an installation (e.g. not GitHub's) is for no instance: "" matches none
        return installation.isValueNode() ? installation.asText() : "";
    }

    @WebhookReceiver
    public void receive(WebhookRequest request) {
        String secret = config().path("webhook_secret").asText("");
        if (!secret.isEmpty()) {
            Signatures.verifyGitHub(request, secret);
        }
        String event = request.header("X-GitHub-Event");
        if (event == null) {
            return; // not a GitHub event: ignored, as the original does
        }
        JsonNode body = request.json();
        String eventType = body.has("action") ? body.path("action").asText() + " " + event : event;
        JsonNode sender = body.path("sender");
        Initiator initiator = sender.isObject() ? new Initiator(sender.path("id").asText(), "github") : null;
        sendEventToDriver(eventType, body, initiator);
    }
}
