package org.metagov.runner.plugins.discord;

import java.io.IOException;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.runner.plugins.common.SeenIds;
import org.metagov.sdk.Action;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;

/**
 * Metagov's discord plugin: one Discord application for every community, installed by OAuth into a guild (the
 * install stores {@code guild_id}); REST calls with the deployment's bot token ({@code DISCORD_BOT_TOKEN}). The
 * interactions endpoint is the platform-wide hook {@code /api/hooks/discord}, routed by {@code guild_id}: every
 * request is checked first (Ed25519 with {@code DISCORD_PUBLIC_KEY}, then {@code application_id} against
 * {@code DISCORD_CLIENT_ID}) and a failure is a 401, as Discord expects (upstream: 500). PING is answered PONG, a
 * slash command "Message received!" (and the driver gets {@code slash_command}), a button click by its vote.
 */
@Plugin(name = "discord", description = "A Discord guild: messages, any REST route, slash commands and votes",
        configSchema = "config.schema.json", authType = Plugin.AuthType.OAUTH, platformIdKey = "guild_id")
public class DiscordPlugin extends PluginBase {

    private static final Pattern GUILD_ROUTE = Pattern.compile("^/(?:v\\d+/)?guilds/([^/?]+)");
    private static final Pattern CHANNEL_ROUTE = Pattern.compile("^/(?:v\\d+/)?channels/([^/?]+)");

    /** The bot must be in {@code guild_id} ({@code GET /guilds/{id}}): a guild the bot cannot see is refused. */
    @Override
    public void validateConfig(JsonNode config) {
        org.metagov.sdk.http.PlatformResponse guild = api().send("GET", "/guilds/" + config.path("guild_id").asText(),
                null);
        if (guild.status() == 403 || guild.status() == 404) {
            throw PluginException.badRequest("The Metagov bot is not in Discord guild " + config.path("guild_id").asText()
                    + " (Discord answered " + guild.status() + ")");
        }
        guild.requireSuccess();
    }

    @Override
    public String platformIdOf(WebhookRequest request) {
        try {
            return Json.MAPPER.readTree(request.body()).path("guild_id").asText("");
        } catch (IOException | RuntimeException notJson) {
            return ""; // for no instance; the signature check refuses it anyway
        }
    }

    @WebhookReceiver(answers = true)
    public WebhookResponse receive(WebhookRequest request) {
        verify(request);
        JsonNode interaction = request.json();
        return switch (interaction.path("type").asInt()) {
            case 1 -> WebhookResponse.json(200, Json.object().put("type", 1));
            case 2 -> {
                if (hasInstance() && interaction.path("data").path("type").asInt() == 1
                        && SeenIds.firstTime(state(), "seen_interactions", interaction.path("id").asText())) {
                    sendEventToDriver("slash_command", interaction, initiator(interaction));
                }
                ObjectNode answer = Json.object().put("type", 4);
                answer.putObject("data").put("content", "Message received!").put("flags", 64);
                yield WebhookResponse.json(200, answer);
            }
            default -> null; // a button click: the pending vote answers it; anything else: 200, no body
        };
    }

    /** The signature, then the application: also called by the vote on the clicks it counts. */
    void verify(WebhookRequest request) {
        String key = setting("DISCORD_PUBLIC_KEY").orElseThrow(() -> new WebhookVerificationException(
                "DISCORD_PUBLIC_KEY is not set in this deployment: interactions cannot be verified"));
        InteractionSignature.verify(request, key, Instant.now());
        String application = setting("DISCORD_CLIENT_ID").orElseThrow(() -> new WebhookVerificationException(
                "DISCORD_CLIENT_ID is not set in this deployment: the interaction's application cannot be checked"));
        if (!application.equals(request.json().path("application_id").asText())) {
            throw new WebhookVerificationException("Received event with wrong application ID");
        }
    }

    /** The member's user in a guild, the user in a DM; the bot's own user id is the application's. */
    static String userOf(JsonNode interaction) {
        JsonNode member = interaction.path("member").path("user").path("id");
        return member.isMissingNode() ? interaction.path("user").path("id").asText(null) : member.asText();
    }

    private Initiator initiator(JsonNode interaction) {
        String user = userOf(interaction);
        return Initiator.platformUser(user, "discord",
                user != null && user.equals(setting("DISCORD_CLIENT_ID").orElse(null)));
    }

    @Action(slug = "post-message", description = "Post a message to a channel of the guild",
            inputSchema = "post-message.input.json")
    public JsonNode postMessageAction(JsonNode parameters) {
        ObjectNode body = parameters.deepCopy();
        String channel = body.remove("channel").asText();
        JsonNode text = body.remove("text");
        if (text != null) {
            body.set("content", text);
        }
        return postMessage(channel, body);
    }

    @Action(slug = "get-guild", description = "The guild, as Discord returns it")
    public JsonNode getGuild() {
        return api().call("GET", "/guilds/" + guildId(), null);
    }

    @Action(slug = "register-guild-command", description = "Create (or, with command_id, edit) a guild slash command",
            inputSchema = "register-guild-command.input.json")
    public JsonNode registerGuildCommand(JsonNode parameters) {
        ObjectNode body = parameters.deepCopy();
        JsonNode commandId = body.remove("command_id");
        String route = "/v8/applications/" + requiredSetting("DISCORD_CLIENT_ID") + "/guilds/" + guildId()
                + "/commands";
        // Discord edits a command with PATCH (upstream POSTs, which Discord answers 405)
        return commandId == null || commandId.isNull() ? api().call("POST", route, body)
                : api().call("PATCH", route + "/" + commandId.asText(), body);
    }

    @Action(slug = "method", description = "Call any Discord REST route with the bot token",
            inputSchema = "method.input.json")
    public JsonNode method(JsonNode parameters) {
        ObjectNode body = parameters.deepCopy();
        String route = body.remove("route").asText();
        JsonNode method = body.remove("method");
        checkScope(route);
        return api().call(method == null ? "GET" : method.asText().toUpperCase(java.util.Locale.ROOT), route,
                body.isEmpty() ? null : body);
    }

    /**
     * The bot token serves every guild: a community's calls stay in its guild. Guild routes must name it, channel
     * routes one of its channels (asked of Discord); other routes (users, applications...) pass, as upstream.
     */
    void checkScope(String route) {
        Matcher guild = GUILD_ROUTE.matcher(route == null ? "" : route);
        if (guild.find() && !guild.group(1).equals(guildId())) {
            throw PluginException.badRequest("Guild " + guild.group(1) + " is not this community's guild");
        }
        Matcher channel = CHANNEL_ROUTE.matcher(route == null ? "" : route);
        if (channel.find()) {
            requireOwnChannel(channel.group(1));
        }
    }

    /** POST /channels/{channel}/messages, in a channel of this guild; Discord's Message. */
    JsonNode postMessage(String channel, JsonNode body) {
        requireOwnChannel(channel);
        return api().call("POST", "/channels/" + channel + "/messages", body);
    }

    private void requireOwnChannel(String channel) {
        JsonNode found = api().call("GET", "/channels/" + channel, null);
        if (!guildId().equals(found.path("guild_id").asText())) {
            throw PluginException.badRequest("Channel " + channel + " is not in this community's guild");
        }
    }

    String guildId() {
        return config().path("guild_id").asText();
    }

    DiscordApi api() {
        return new DiscordApi(http().trusted(), setting("DISCORD_API_BASE_URL").orElse(DiscordApi.DEFAULT_BASE_URL),
                requiredSetting("DISCORD_BOT_TOKEN"));
    }
}
