package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.slack.SlackPlugin;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.testkit.FakePlatform.Reply;
import org.metagov.sdk.testkit.PluginHarness;

/** The slack plugin's actions and Events API hook against {@link FakeSlack}, with real v0 signatures. */
class SlackPluginTest {

    static final String CONFIG = "{\"team_id\":\"T0123ABC\",\"team_name\":\"acme\",\"bot_token\":\"" + FakeSlack.TOKEN
            + "\",\"bot_user_id\":\"U0BOT\",\"installer_user_id\":\"U111\"}";
    static final String REACTION = """
            {"token":"XXYYZZ","team_id":"T0123ABC","api_app_id":"A0123ABC","type":"event_callback",
             "event_id":"Ev01ABCDEF","event_time":1622820212,"is_ext_shared_channel":false,
             "authorizations":[{"enterprise_id":null,"team_id":"T0123ABC","user_id":"U0BOT","is_bot":true}],
             "event":{"type":"reaction_added","user":"U111","reaction":"thumbsup",
                      "item":{"type":"message","channel":"C0177HZTV7X","ts":"1622820212.008000"},
                      "item_user":"U0BOT","event_ts":"1622820300.000200"}}""";
    static final String CHALLENGE = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";

    final FakeSlack slack = new FakeSlack();

    @AfterEach
    void stop() {
        slack.close();
    }

    PluginHarness<SlackPlugin> workspace() {
        return PluginHarness.of(SlackPlugin.class).config(CONFIG).setting("SLACK_SIGNING_SECRET", FakeSlack.SIGNING_SECRET)
                .setting("SLACK_API_BASE_URL", slack.apiUrl()).start();
    }

    static String text(WebhookResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void urlVerificationIsAnsweredWithItsChallengeBeforeAnyInstallButOnlyWhenSigned() {
        PluginHarness<SlackPlugin> app = PluginHarness.of(SlackPlugin.class)
                .setting("SLACK_SIGNING_SECRET", FakeSlack.SIGNING_SECRET).startWithoutInstance();
        WebhookResponse answer = app.answer("application/json", CHALLENGE, FakeSlack.signed(CHALLENGE));
        assertEquals(200, answer.status());
        assertEquals("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", text(answer));
        assertTrue(answer.contentType().startsWith("text/plain"));
        assertThrows(WebhookVerificationException.class, () -> app.answer("application/json", CHALLENGE));
    }

    @Test
    void aSignedEventBecomesUpstreamsEventWithTheInitiatorAndWhetherTheBotActed() throws Exception {
        PluginHarness<SlackPlugin> workspace = workspace();
        WebhookResponse answer = workspace.answer("application/json", REACTION, FakeSlack.signed(REACTION));
        assertEquals(200, answer.status());
        assertEquals(0, answer.body().length);
        PluginHarness.SentEvent event = workspace.events().get(0);
        assertEquals("slack", event.source());
        assertEquals("reaction_added", event.eventType());
        assertEquals(read("{\"reaction\":\"thumbsup\",\"item\":{\"type\":\"message\",\"channel\":\"C0177HZTV7X\","
                + "\"ts\":\"1622820212.008000\"},\"item_user\":\"U0BOT\",\"event_ts\":\"1622820300.000200\"}"),
                event.data());
        assertEquals(read("{\"user_id\":\"U111\",\"provider\":\"slack\",\"is_metagov_bot\":false}"),
                org.metagov.sdk.Json.of(event.initiator()));

        String own = REACTION.replace("Ev01ABCDEF", "Ev02").replace("\"reaction_added\",\"user\":\"U111\"",
                "\"message\",\"user\":\"U0BOT\"");
        workspace.answer("application/json", own, FakeSlack.signed(own));
        assertEquals("message", workspace.events().get(1).eventType());
        assertTrue(workspace.events().get(1).initiator().isMetagovBot(), "PolicyKit drops the bot's own events by it");
    }

    @Test
    void forgedUnsignedStaleAndUnverifiableRequestsAreRefusedAndEmitNothing() {
        PluginHarness<SlackPlugin> workspace = workspace();
        String[] good = FakeSlack.signed(REACTION);
        assertThrows(WebhookVerificationException.class, () -> workspace.answer("application/json", REACTION));
        assertThrows(WebhookVerificationException.class, () -> workspace.answer("application/json", REACTION,
                FakeSlack.signed(REACTION, Instant.now(), "another-secret")));
        assertThrows(WebhookVerificationException.class, () -> workspace.answer("application/json",
                REACTION.replace("thumbsup", "thumbsdown"), good), "the signature covers the body");
        assertThrows(WebhookVerificationException.class, () -> workspace.answer("application/json", REACTION,
                "X-Slack-Signature", good[3]), "no timestamp");
        assertThrows(WebhookVerificationException.class, () -> workspace.answer("application/json", REACTION,
                FakeSlack.signed(REACTION, Instant.now().minus(Duration.ofMinutes(6)), FakeSlack.SIGNING_SECRET)),
                "older than 5 minutes");
        PluginHarness<SlackPlugin> unconfigured = PluginHarness.of(SlackPlugin.class).config(CONFIG).start();
        WebhookVerificationException noSecret = assertThrows(WebhookVerificationException.class,
                () -> unconfigured.answer("application/json", REACTION, good));
        assertTrue(noSecret.getMessage().contains("SLACK_SIGNING_SECRET"), noSecret.getMessage());
        assertTrue(workspace.events().isEmpty() && unconfigured.events().isEmpty());
    }

    @Test
    void aReplayedEventIsSentOnceAndSlacksTimeoutRetriesAreDroppedAsUpstream() {
        PluginHarness<SlackPlugin> workspace = workspace();
        String[] headers = FakeSlack.signed(REACTION);
        workspace.answer("application/json", REACTION, headers);
        assertEquals(200, workspace.answer("application/json", REACTION, headers).status());
        assertEquals(1, workspace.events().size(), "the same event_id again: not sent again");

        String other = REACTION.replace("Ev01ABCDEF", "Ev03");
        String[] signed = FakeSlack.signed(other);
        workspace.answer("application/json", other, concat(signed, "X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_timeout"));
        assertEquals(1, workspace.events().size(), "a retry after our timeout is dropped");
        workspace.answer("application/json", other, concat(signed, "X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_error"));
        assertEquals(2, workspace.events().size(), "other retries are handled");
    }

    @Test
    void anotherTeamsEventReachesNoInstance() {
        PluginHarness<SlackPlugin> workspace = workspace();
        String foreign = REACTION.replace("\"team_id\":\"T0123ABC\",\"api", "\"team_id\":\"T9OTHER\",\"api");
        assertEquals(200, workspace.answer("application/json", foreign, FakeSlack.signed(foreign)).status());
        assertTrue(workspace.events().isEmpty());
    }

    @Test
    void postMessageSendsTheFormWithTheBearerTokenAndOpensAConversationForUsers() {
        PluginHarness<SlackPlugin> workspace = workspace();
        JsonNode posted = workspace.act("post-message", "{\"channel\":\"C0177HZTV7X\",\"text\":\"hello\"}");
        assertEquals("C0177HZTV7X", posted.path("channel").asText());
        assertTrue(posted.path("ts").asText().startsWith("1622820212."));
        assertFalse(posted.has("ok"));
        Map<String, String> form = slack.last("chat.postMessage");
        assertEquals(Map.of("text", "hello", "channel", "C0177HZTV7X"), form, "no token in the body");
        assertEquals("Bearer " + FakeSlack.TOKEN, FakeSlack.header(slack.calls("chat.postMessage").get(0),
                "Authorization"));

        workspace.act("post-message", "{\"users\":[\"U111\",\"U222\"],\"blocks\":[{\"type\":\"divider\"}]}");
        assertEquals("U111,U222", slack.last("conversations.open").get("users"));
        assertEquals("D069C7QFK", slack.last("chat.postMessage").get("channel"));
        assertEquals("[{\"type\":\"divider\"}]", slack.last("chat.postMessage").get("blocks"));
        PluginException neither = assertThrows(PluginException.class, () -> workspace.act("post-message",
                "{\"text\":\"to whom?\"}"));
        assertTrue(neither.isCallerFault());
    }

    @Test
    void methodJoinsTheChannelAndRetriesOnceAfterNotInChannel() {
        PluginHarness<SlackPlugin> workspace = workspace();
        JsonNode pinned = workspace.act("method", "{\"method_name\":\"pins.add\",\"channel\":\"C0NEW\","
                + "\"timestamp\":\"1622820212.008000\"}");
        assertEquals(read("{}"), pinned);
        assertEquals(2, slack.calls("pins.add").size());
        assertEquals("C0NEW", slack.last("conversations.join").get("channel"));
        assertEquals("1622820212.008000", slack.last("pins.add").get("timestamp"));
        slack.method("team.info", form -> "{\"ok\":true,\"team\":{\"id\":\"T0123ABC\",\"name\":\"acme\"}}");
        assertEquals("acme", workspace.act("method", "{\"method_name\":\"team.info\"}").path("team").path("name")
                .asText(), "PolicyKit reads team.id and team.name");
        assertTrue(assertThrows(PluginException.class, () -> workspace.act("method",
                "{\"method_name\":\"../oauth.v2.access\"}")).isCallerFault(), "only method names reach Slack");
    }

    @Test
    void okFalseIsA502WithSlacksErrorCodeAndNoToken() {
        PluginHarness<SlackPlugin> workspace = workspace();
        List<String> logged = DiscoursePluginTest.captureLogs();
        PluginException refused = assertThrows(PluginException.class, () -> workspace.act("method",
                "{\"method_name\":\"chat.postMessage\",\"channel\":\"C0177HZTV7X\",\"token\":\"xoxb-revoked\"}"));
        assertFalse(refused.isCallerFault() || refused.isTimeout(), "a platform refusal is a 502");
        assertEquals("invalid_auth", ((JsonNode) refused.details().get(0)).path("error").asText());
        assertTrue(refused.getMessage().contains("invalid_auth"), refused.getMessage());
        slack.method("chat.postMessage", form -> FakeSlack.error("channel_not_found"));
        PluginException missing = assertThrows(PluginException.class, () -> workspace.act("post-message",
                "{\"channel\":\"C404\",\"text\":\"x\"}"));
        assertEquals("channel_not_found", ((JsonNode) missing.details().get(0)).path("error").asText());
        for (PluginException e : List.of(refused, missing)) {
            assertFalse((e.getMessage() + e.details()).contains(FakeSlack.TOKEN));
        }
        assertFalse(String.join("\n", logged).contains(FakeSlack.TOKEN));
    }

    @Test
    void aServerErrorIsA502ASlowSlackA504AndA429IsWaitedOut() {
        slack.server.respond("POST", "/api/users.list", 500, "{\"error\":\"internal\"}");
        PluginHarness<SlackPlugin> workspace = workspace();
        PluginException failed = assertThrows(PluginException.class,
                () -> workspace.act("method", "{\"method_name\":\"users.list\"}"));
        assertTrue(failed.getMessage().contains("500") && !failed.isTimeout());

        slack.server.respond("POST", "/api/users.info", request -> {
            Thread.sleep(3000);
            return Reply.json(200, "{\"ok\":true}");
        });
        PluginHarness<SlackPlugin> impatient = PluginHarness.of(SlackPlugin.class).config(CONFIG)
                .setting("SLACK_API_BASE_URL", slack.apiUrl()).outboundTimeout(Duration.ofMillis(500)).start();
        assertTrue(assertThrows(PluginException.class,
                () -> impatient.act("method", "{\"method_name\":\"users.info\"}")).isTimeout(), "answered 504");

        AtomicInteger calls = new AtomicInteger();
        slack.server.respond("POST", "/api/reactions.get", request -> calls.incrementAndGet() == 1
                ? new Reply(429, Map.of("Retry-After", "1", "Content-Type", "application/json"),
                        "{\"ok\":false,\"error\":\"ratelimited\"}")
                : Reply.json(200, "{\"ok\":true,\"type\":\"message\"}"));
        assertEquals("message", workspace.act("method", "{\"method_name\":\"reactions.get\"}").path("type").asText());
        assertEquals(2, calls.get());
    }

    @Test
    void aConfigIsCheckedAgainstSlackBeforeItIsEnabled() {
        slack.method("auth.test", form -> "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"acme\","
                + "\"user\":\"metagov\",\"team_id\":\"T0123ABC\",\"user_id\":\"U0BOT\",\"bot_id\":\"B01\"}");
        PluginHarness.of(SlackPlugin.class).config(CONFIG).setting("SLACK_API_BASE_URL", slack.apiUrl()).validateConfig();
        PluginException otherTeam = assertThrows(PluginException.class, () -> PluginHarness.of(SlackPlugin.class)
                .config(CONFIG.replace("T0123ABC", "T9VICTIM")).setting("SLACK_API_BASE_URL", slack.apiUrl())
                .validateConfig());
        assertTrue(otherTeam.isCallerFault() && otherTeam.getMessage().contains("T9VICTIM"), otherTeam.getMessage());
        PluginException badToken = assertThrows(PluginException.class, () -> PluginHarness.of(SlackPlugin.class)
                .config(CONFIG.replace(FakeSlack.TOKEN, "xoxb-wrong")).setting("SLACK_API_BASE_URL", slack.apiUrl())
                .validateConfig());
        assertTrue(badToken.isCallerFault() && badToken.getMessage().contains("invalid_auth"), badToken.getMessage());
        assertFalse(badToken.getMessage().contains("xoxb-wrong"));
    }

    static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static JsonNode read(String json) {
        return DiscoursePluginTest.read(json);
    }
}
