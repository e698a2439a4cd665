package org.metagov.runner.plugins.slack;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.runner.plugins.common.SeenIds;
import org.metagov.sdk.Action;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.Signatures;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;

/**
 * Metagov's slack plugin: one Slack app for every community, installed by OAuth (the install stores
 * {@code team_id}, the bot token and the installer). Events API and interactivity share the platform-wide hook
 * {@code /api/hooks/slack}, routed by team; every request is checked against {@code SLACK_SIGNING_SECRET}
 * ({@code X-Slack-Signature}, 5-minute window) before anything else, {@code url_verification} included (upstream
 * checks none). A forged, unsigned or stale request is a 401.
 */
@Plugin(name = "slack", description = "A Slack workspace: messages, any Web API method, emoji and advanced votes",
        configSchema = "config.schema.json", authType = Plugin.AuthType.OAUTH, platformIdKey = "team_id")
public class SlackPlugin extends PluginBase {

    static final String FORM = "application/x-www-form-urlencoded";

    /**
     * The bot token must be accepted by Slack and belong to {@code team_id} ({@code auth.test}): hooks are routed by
     * team, so a config naming another workspace's team must not be enabled.
     */
    @Override
    public void validateConfig(JsonNode config) {
        JsonNode reply = api().reply("auth.test", Map.of());
        if (!reply.path("ok").asBoolean(false)) {
            throw PluginException.badRequest("Slack refused the bot_token (" + reply.path("error").asText("unknown")
                    + ")");
        }
        String team = reply.path("team_id").asText();
        if (!team.equals(config.path("team_id").asText())) {
            throw PluginException.badRequest("The bot_token belongs to Slack team " + team + ", not to team_id "
                    + config.path("team_id").asText());
        }
    }

    /** The team a hook is for: {@code team_id} of an event, {@code team.id} of an interaction; "" for none. */
    @Override
    public String platformIdOf(WebhookRequest request) {
        JsonNode interaction = interaction(request);
        if (interaction != null) {
            return interaction.path("team").path("id").asText("");
        }
        try {
            return Json.MAPPER.readTree(request.body()).path("team_id").asText("");
        } catch (IOException | RuntimeException notJson) {
            return ""; // for no instance; the signature check refuses it anyway
        }
    }

    @WebhookReceiver(answers = true)
    public WebhookResponse receive(WebhookRequest request) {
        verify(request);
        if (interaction(request) != null) {
            return null; // block_actions: the pending votes count them; Slack wants 200 with no body
        }
        JsonNode body = request.json();
        switch (body.path("type").asText()) {
            case "url_verification" -> {
                return WebhookResponse.text(200, body.path("challenge").asText());
            }
            case "event_callback" -> {
                // upstream drops Slack's retries after its own timeout (Slack already got nothing back in time)
                boolean timeoutRetry = request.header("X-Slack-Retry-Num") != null
                        && "http_timeout".equals(request.header("X-Slack-Retry-Reason"));
                if (hasInstance() && !timeoutRetry
                        && SeenIds.firstTime(state(), "seen_events", body.path("event_id").asText(""))) {
                    emit(body.path("event"));
                }
                return null;
            }
            default -> {
                return null; // app_rate_limited and anything else: 200, nothing done
            }
        }
    }

    /**
     * The app-wide signature check, also called by the votes on the hooks they count: a process never counts a
     * click the signing secret does not vouch for.
     */
    void verify(WebhookRequest request) {
        String secret = setting("SLACK_SIGNING_SECRET").orElseThrow(() -> new WebhookVerificationException(
                "SLACK_SIGNING_SECRET is not set in this deployment: Slack requests cannot be verified"));
        Signatures.verifySlack(request, secret, Instant.now());
    }

    /** As upstream: {@code event.type} is the event type, {@code event.user} the initiator, the rest the data. */
    private void emit(JsonNode event) {
        if (!event.isObject()) {
            return;
        }
        ObjectNode data = ((ObjectNode) event).deepCopy();
        String type = data.path("type").asText();
        data.remove("type");
        JsonNode userNode = data.remove("user");
        String user = userNode == null || !userNode.isTextual() ? null : userNode.asText();
        boolean bot = user != null && user.equals(config().path("bot_user_id").asText(null));
        sendEventToDriver(type, data, Initiator.platformUser(user, "slack", bot));
    }

    /**
     * An interactivity request's {@code payload}, or null when the request is not one. Slack sends the form type
     * alone; a {@code charset} parameter is accepted too (upstream then misreads the body as JSON).
     */
    static JsonNode interaction(WebhookRequest request) {
        String type = request.header("Content-Type");
        if (type == null || !type.split(";")[0].trim().toLowerCase(Locale.ROOT).equals(FORM)) {
            return null;
        }
        for (String field : request.bodyText().split("&")) {
            int eq = field.indexOf('=');
            if (eq > 0 && field.substring(0, eq).equals("payload")) {
                try {
                    return Json.MAPPER.readTree(URLDecoder.decode(field.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IOException | IllegalArgumentException e) {
                    throw PluginException.badRequest("The interaction payload is not JSON");
                }
            }
        }
        return Json.object();
    }

    @Action(slug = "post-message", description = "Post a message to a channel, or to a conversation opened with users",
            inputSchema = "post-message.input.json", outputSchema = "post-message.output.json")
    public JsonNode postMessageAction(JsonNode parameters) {
        Map<String, JsonNode> fields = arguments(parameters);
        JsonNode users = fields.remove("users");
        JsonNode channel = fields.remove("channel");
        return postMessage(channel == null ? null : channel.asText(null), users, fields);
    }

    @Action(slug = "method", description = "Call any Slack Web API method with the bot token",
            inputSchema = "method.input.json")
    public JsonNode method(JsonNode parameters) {
        Map<String, JsonNode> arguments = arguments(parameters);
        JsonNode name = arguments.remove("method_name");
        String method = name == null ? null : name.asText();
        SlackApi api = api();
        JsonNode reply = api.reply(method, arguments);
        JsonNode channel = arguments.get("channel");
        if (SlackApi.failedWith(reply, "not_in_channel") && channel != null && channel.isTextual()) {
            // as upstream: the bot joins the public channel, then the call is made once more
            api.call("conversations.join", Map.of("channel", channel));
            reply = api.reply(method, arguments);
        }
        return SlackApi.requireOk(method, reply);
    }

    /**
     * {@code chat.postMessage} to {@code channel}, or to the conversation {@code conversations.open} gives for
     * {@code users} (an array of user ids or a comma-separated text) when no channel is given.
     */
    JsonNode postMessage(String channel, JsonNode users, Map<String, JsonNode> fields) {
        SlackApi api = api();
        if (channel == null || channel.isBlank()) {
            if (users == null || users.isNull() || users.isEmpty() && !users.isTextual()) {
                throw PluginException.badRequest("Either channel or users is required");
            }
            String joined = users.isArray() ? String.join(",", Json.MAPPER.convertValue(users, String[].class))
                    : users.asText();
            channel = api.call("conversations.open", Map.of("users", Json.of(joined))).path("channel").path("id")
                    .asText();
        }
        Map<String, JsonNode> message = new LinkedHashMap<>(fields);
        message.put("channel", Json.of(channel));
        return api.call("chat.postMessage", message);
    }

    SlackApi api() {
        String token = config().path("bot_token").asText("");
        if (token.isEmpty()) {
            throw PluginException.failure("This Slack instance has no bot_token: install the app again", null);
        }
        return new SlackApi(http().trusted(), setting("SLACK_API_BASE_URL").orElse(SlackApi.DEFAULT_BASE_URL), token);
    }

    /** For the votes' {@code response_url} calls: a URL from a signed Slack request, checked by the address policy. */
    org.metagov.sdk.http.PlatformHttp httpForVotes() {
        return http();
    }

    private static Map<String, JsonNode> arguments(JsonNode parameters) {
        Map<String, JsonNode> arguments = new LinkedHashMap<>();
        parameters.fields().forEachRemaining(e -> arguments.put(e.getKey(), e.getValue()));
        return arguments;
    }
}
