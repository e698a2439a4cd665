package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.discord.DiscordPlugin;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.testkit.FakePlatform.Reply;
import org.metagov.sdk.testkit.PluginHarness;

/** The discord plugin's actions and interactions endpoint against {@link FakeDiscord}, with real Ed25519 signatures. */
class DiscordPluginTest {

    static final String PING = """
            {"application_id":"800000000000000001","id":"900000000000000001","token":"aW50ZXJhY3Rpb24","type":1,
             "version":1,"user":{"id":"100000000000000001","username":"discord","discriminator":"0000","avatar":null}}""";
    static final String SLASH = """
            {"application_id":"800000000000000001","channel_id":"811111111111111111","guild_id":"822222222222222222",
             "id":"900000000000000002","token":"REDACTED","type":2,"version":1,
             "data":{"id":"833333333333333333","name":"policykit","type":1,
                     "options":[{"name":"command","type":3,"value":"hello world"}]},
             "member":{"roles":[],"permissions":"2147483647",
                       "user":{"id":"100000000000000002","username":"miri","discriminator":"0001","avatar":null}}}""";

    final FakeDiscord discord = new FakeDiscord();

    @AfterEach
    void stop() {
        discord.close();
    }

    PluginHarness<DiscordPlugin> guild() {
        return settings(PluginHarness.of(DiscordPlugin.class)).config("{\"guild_id\":\"" + FakeDiscord.GUILD
                + "\",\"guild_name\":\"Metagov test\"}").start();
    }

    org.metagov.sdk.testkit.HarnessBuilder<DiscordPlugin> settings(
            org.metagov.sdk.testkit.HarnessBuilder<DiscordPlugin> builder) {
        return builder.setting("DISCORD_PUBLIC_KEY", discord.publicKeyHex).setting("DISCORD_CLIENT_ID", FakeDiscord.APP)
                .setting("DISCORD_BOT_TOKEN", FakeDiscord.TOKEN).setting("DISCORD_API_BASE_URL", discord.url());
    }

    @Test
    void aSignedPingIsAnsweredPongBeforeAnyInstall() {
        PluginHarness<DiscordPlugin> app = settings(PluginHarness.of(DiscordPlugin.class)).startWithoutInstance();
        WebhookResponse pong = app.answer("application/json", PING, discord.signed(PING));
        assertEquals(200, pong.status());
        assertEquals("application/json", pong.contentType());
        assertEquals(DiscoursePluginTest.read("{\"type\":1}"), DiscoursePluginTest.read(new String(pong.body())));
    }

    @Test
    void badMissingExpiredAndForeignSignaturesAre401s() {
        PluginHarness<DiscordPlugin> app = guild();
        String[] good = discord.signed(PING);
        List<Runnable> refused = List.of(
                () -> app.answer("application/json", PING),
                () -> app.answer("application/json", PING, "X-Signature-Timestamp", good[3]),
                () -> app.answer("application/json", PING.replace("\"version\":1", "\"version\":2"), good),
                () -> app.answer("application/json", PING, "X-Signature-Ed25519", discord.sign("1" + PING),
                        "X-Signature-Timestamp", good[3]),
                () -> app.answer("application/json", PING, "X-Signature-Ed25519", "zz-not-hex",
                        "X-Signature-Timestamp", good[3]),
                () -> app.answer("application/json", PING, discord.signed(PING, Instant.now().minus(Duration.ofMinutes(6)))),
                () -> app.answer("application/json", PING, new FakeDiscord().signed(PING)));
        for (Runnable request : refused) {
            assertThrows(WebhookVerificationException.class, request::run);
        }
        String otherApp = PING.replace("800000000000000001", "800000000000000999");
        assertTrue(assertThrows(WebhookVerificationException.class, () -> app.answer("application/json", otherApp,
                discord.signed(otherApp))).getMessage().contains("wrong application"));
        PluginHarness<DiscordPlugin> noKey = PluginHarness.of(DiscordPlugin.class).setting("DISCORD_CLIENT_ID",
                FakeDiscord.APP).startWithoutInstance();
        assertTrue(assertThrows(WebhookVerificationException.class, () -> noKey.answer("application/json", PING, good))
                .getMessage().contains("DISCORD_PUBLIC_KEY"));
    }

    @Test
    void aSlashCommandReachesTheDriverOnceAndIsAcknowledgedEphemerally() {
        PluginHarness<DiscordPlugin> guild = guild();
        String[] headers = discord.signed(SLASH);
        WebhookResponse answer = guild.answer("application/json", SLASH, headers);
        assertEquals(DiscoursePluginTest.read("{\"type\":4,\"data\":{\"content\":\"Message received!\",\"flags\":64}}"),
                DiscoursePluginTest.read(new String(answer.body())));
        PluginHarness.SentEvent event = guild.events().get(0);
        assertEquals("slash_command", event.eventType());
        assertEquals("discord", event.source());
        assertEquals(DiscoursePluginTest.read(SLASH), event.data(), "the whole interaction, as upstream");
        assertEquals(DiscoursePluginTest.read("{\"user_id\":\"100000000000000002\",\"provider\":\"discord\","
                + "\"is_metagov_bot\":false}"), Json.of(event.initiator()));

        guild.answer("application/json", SLASH, headers);
        assertEquals(1, guild.events().size(), "a replayed interaction is not sent again");
        String userCommand = SLASH.replace("900000000000000002", "900000000000000004").replace("\"name\":\"policykit\",\"type\":1",
                "\"name\":\"policykit\",\"type\":2");
        assertEquals(200, guild.answer("application/json", userCommand, discord.signed(userCommand)).status());
        String otherGuild = SLASH.replace("900000000000000002", "900000000000000005").replace(
                "\"guild_id\":\"822222222222222222\"", "\"guild_id\":\"833333333333333399\"");
        assertEquals(200, guild.answer("application/json", otherGuild, discord.signed(otherGuild)).status());
        assertEquals(1, guild.events().size(), "only chat-input commands of this guild are sent");
    }

    @Test
    void postMessageGetGuildAndMethodCallDiscordWithTheBotTokenInsideTheGuild() {
        PluginHarness<DiscordPlugin> guild = guild();
        JsonNode message = guild.act("post-message", "{\"channel\":\"" + FakeDiscord.CHANNEL + "\",\"text\":\"hello\","
                + "\"tts\":false}");
        assertEquals(FakeDiscord.MESSAGE, message.path("id").asText());
        JsonNode sent = DiscoursePluginTest.read(discord.calls("POST", "/channels/" + FakeDiscord.CHANNEL + "/messages")
                .get(0).body());
        assertEquals(DiscoursePluginTest.read("{\"content\":\"hello\",\"tts\":false}"), sent);
        assertTrue(assertThrows(PluginException.class, () -> guild.act("post-message", "{\"channel\":\""
                + FakeDiscord.FOREIGN_CHANNEL + "\",\"text\":\"x\"}")).isCallerFault(), "another guild's channel");
        assertTrue(discord.calls("POST", "/channels/" + FakeDiscord.FOREIGN_CHANNEL + "/messages").isEmpty());

        assertEquals("Metagov test", guild.act("get-guild", "{}").path("name").asText());
        discord.route("GET", "/guilds/" + FakeDiscord.GUILD + "/roles", r -> Reply.json(200, "[{\"id\":\"1\"}]"));
        assertEquals(1, guild.act("method", "{\"route\":\"/guilds/" + FakeDiscord.GUILD + "/roles\"}").size());
        discord.route("PUT", "/channels/" + FakeDiscord.CHANNEL + "/pins/" + FakeDiscord.MESSAGE,
                r -> new Reply(204, Map.of(), ""));
        guild.act("method", "{\"route\":\"/channels/" + FakeDiscord.CHANNEL + "/pins/" + FakeDiscord.MESSAGE
                + "\",\"method\":\"PUT\"}");
        assertEquals(1, discord.calls("PUT", "/channels/" + FakeDiscord.CHANNEL + "/pins/" + FakeDiscord.MESSAGE).size());
        for (String route : List.of("/guilds/833333333333333399/members", "/../oauth2/token", "@evil.example/x")) {
            assertTrue(assertThrows(PluginException.class, () -> guild.act("method", "{\"route\":\"" + route + "\"}"))
                    .isCallerFault(), route);
        }
    }

    @Test
    void aGuildCommandIsCreatedWithPostAndEditedWithPatch() {
        PluginHarness<DiscordPlugin> guild = guild();
        String path = "/v8/applications/" + FakeDiscord.APP + "/guilds/" + FakeDiscord.GUILD + "/commands";
        JsonNode created = guild.act("register-guild-command", "{\"name\":\"policykit\",\"description\":\"Send a command\","
                + "\"options\":[{\"name\":\"command\",\"description\":\"Command\",\"type\":3}]}");
        assertEquals("833333333333333333", created.path("id").asText());
        assertEquals("Command", DiscoursePluginTest.read(discord.calls("POST", path).get(0).body()).path("options").path(0)
                .path("description").asText());
        JsonNode edited = guild.act("register-guild-command", "{\"name\":\"policykit2\",\"command_id\":\"833333333333333333\"}");
        assertEquals("2", edited.path("version").asText());
        JsonNode patch = DiscoursePluginTest.read(discord.calls("PATCH", path + "/833333333333333333").get(0).body());
        assertFalse(patch.has("command_id"));
    }

    @Test
    void aConfigIsCheckedAgainstDiscordBeforeItIsEnabled() {
        settings(PluginHarness.of(DiscordPlugin.class)).config("{\"guild_id\":\"" + FakeDiscord.GUILD + "\"}")
                .validateConfig();
        PluginException notThere = assertThrows(PluginException.class, () -> settings(PluginHarness.of(DiscordPlugin.class))
                .config("{\"guild_id\":\"833333333333333399\"}").validateConfig());
        assertTrue(notThere.isCallerFault() && notThere.getMessage().contains("833333333333333399"),
                notThere.getMessage());
    }

    @Test
    void refusalsAre502sWithDiscordsCodeTimeoutsAre504sAndA429IsWaitedOut() {
        discord.route("GET", "/guilds/" + FakeDiscord.GUILD + "/bans", r -> Reply.json(403,
                "{\"message\":\"Missing Permissions\",\"code\":50013}"));
        PluginHarness<DiscordPlugin> guild = guild();
        List<String> logged = DiscoursePluginTest.captureLogs();
        PluginException refused = assertThrows(PluginException.class, () -> guild.act("method",
                "{\"route\":\"/guilds/" + FakeDiscord.GUILD + "/bans\"}"));
        assertFalse(refused.isCallerFault() || refused.isTimeout());
        assertEquals(50013, ((JsonNode) refused.details().get(0)).path("code").asInt());
        PluginHarness<DiscordPlugin> wrongToken = PluginHarness.of(DiscordPlugin.class)
                .config("{\"guild_id\":\"" + FakeDiscord.GUILD + "\"}").setting("DISCORD_BOT_TOKEN", "revoked")
                .setting("DISCORD_API_BASE_URL", discord.url()).start();
        PluginException unauthorized = assertThrows(PluginException.class, () -> wrongToken.act("get-guild", "{}"));
        assertTrue(unauthorized.getMessage().contains("401"), unauthorized.getMessage());
        for (PluginException e : List.of(refused, unauthorized)) {
            assertFalse((e.getMessage() + e.details()).contains(FakeDiscord.TOKEN));
        }
        assertFalse(String.join("\n", logged).contains(FakeDiscord.TOKEN));

        AtomicInteger calls = new AtomicInteger();
        discord.route("GET", "/guilds/" + FakeDiscord.GUILD + "/channels", r -> calls.incrementAndGet() == 1
                ? new Reply(429, Map.of("Retry-After", "1", "Content-Type", "application/json"),
                        "{\"message\":\"You are being rate limited.\",\"retry_after\":0.5,\"global\":false}")
                : Reply.json(200, "[]"));
        guild.act("method", "{\"route\":\"/guilds/" + FakeDiscord.GUILD + "/channels\"}");
        assertEquals(2, calls.get());

        discord.route("GET", "/guilds/" + FakeDiscord.GUILD + "/emojis", r -> {
            Thread.sleep(3000);
            return Reply.json(200, "[]");
        });
        PluginHarness<DiscordPlugin> impatient = settings(PluginHarness.of(DiscordPlugin.class))
                .config("{\"guild_id\":\"" + FakeDiscord.GUILD + "\"}").outboundTimeout(Duration.ofMillis(500)).start();
        assertTrue(assertThrows(PluginException.class, () -> impatient.act("method", "{\"route\":\"/guilds/"
                + FakeDiscord.GUILD + "/emojis\"}")).isTimeout());
    }
}
