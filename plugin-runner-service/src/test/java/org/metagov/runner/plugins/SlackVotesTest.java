package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.slack.AdvancedVote;
import org.metagov.runner.plugins.slack.EmojiVote;
import org.metagov.runner.plugins.slack.SlackPlugin;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.process.ProcessStatus;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.PluginHarness;
import org.metagov.sdk.testkit.TestProcess;

/** slack.emoji-vote and slack.advanced-vote against {@link FakeSlack}: clicks arrive signed, as Slack sends them. */
class SlackVotesTest {

    final FakeSlack slack = new FakeSlack();
    final PluginHarness<SlackPlugin> workspace = PluginHarness.of(SlackPlugin.class).config(SlackPluginTest.CONFIG)
            .setting("SLACK_SIGNING_SECRET", FakeSlack.SIGNING_SECRET).setting("SLACK_API_BASE_URL", slack.apiUrl())
            .start();

    @AfterEach
    void stop() {
        slack.close();
    }

    /** Slack's block_actions payload for a click on the message {@code ts}. */
    String click(String user, String ts, String action) {
        return """
                {"type":"block_actions","api_app_id":"A0123ABC","token":"XXYYZZ","trigger_id":"1234.5678.abcd",
                 "team":{"id":"T0123ABC","domain":"acme"},
                 "user":{"id":"%s","username":"alice","name":"alice","team_id":"T0123ABC"},
                 "container":{"type":"message","message_ts":"%s","channel_id":"C0177HZTV7X","is_ephemeral":false},
                 "channel":{"id":"C0177HZTV7X","name":"general"},
                 "message":{"type":"message","subtype":"bot_message","ts":"%s","bot_id":"B01","text":"","blocks":[]},
                 "response_url":"%s","actions":[%s]}""".formatted(user, ts, ts, slack.responseUrl(), action);
    }

    static String button(String value) {
        return "{\"type\":\"button\",\"action_id\":\"cast_vote\",\"block_id\":\"x1Y\",\"value\":\"" + value
                + "\",\"text\":{\"type\":\"plain_text\",\"text\":\":+1:\",\"emoji\":true},\"action_ts\":\"1622820400.1\"}";
    }

    WebhookResponse send(String payload) {
        String body = FakeSlack.interaction(payload);
        return workspace.answer("application/x-www-form-urlencoded", body, FakeSlack.signed(body));
    }

    @Test
    void aYesNoVoteIsPostedAsUpstreamsButtonsAndCountsOneVotePerUser() {
        TestProcess<EmojiVote> vote = workspace.startProcess(EmojiVote.class,
                "{\"title\":\"Adopt policy X?\",\"details\":\"some details\",\"poll_type\":\"boolean\","
                        + "\"channel\":\"C0177HZTV7X\"}");
        assertEquals(ProcessStatus.PENDING, vote.status());
        String ts = vote.outcome().path("message_ts").asText();
        assertEquals("C0177HZTV7X", vote.outcome().path("channel").asText());
        assertEquals("https://acme.slack.com/archives/C0177HZTV7X/p" + ts.replace(".", ""), vote.url());
        JsonNode blocks = SlackPluginTest.read(slack.last("chat.postMessage").get("blocks"));
        assertEquals("*Adopt policy X?*\nsome details\n", blocks.path(0).path("text").path("text").asText());
        assertEquals("Approve   `0`", blocks.path(1).path("text").path("text").asText());
        assertEquals(":+1:", blocks.path(1).path("accessory").path("text").path("text").asText());
        assertEquals("yes", blocks.path(1).path("accessory").path("value").asText());
        assertEquals("cast_vote", blocks.path(2).path("accessory").path("action_id").asText());
        assertEquals(":-1:", blocks.path(2).path("accessory").path("text").path("text").asText());

        WebhookResponse answer = send(click("U111", ts, button("yes")));
        assertEquals(200, answer.status());
        assertEquals(0, answer.body().length, "Slack wants an empty 200");
        assertEquals(SlackPluginTest.read("{\"yes\":{\"users\":[\"U111\"],\"count\":1},\"no\":{\"users\":[],\"count\":0}}"),
                vote.outcome().path("votes"));
        FakePlatform.Request redraw = slack.server.requests().stream()
                .filter(r -> r.path().equals("/actions/T0123ABC/1234/AbCdEf")).toList().get(0);
        JsonNode redrawn = SlackPluginTest.read(redraw.body());
        assertEquals("true", redrawn.path("replace_original").asText());
        assertTrue(redrawn.path("blocks").isTextual(), "blocks as JSON text, as upstream");
        assertEquals("Approve   `1` (<@U111>)", SlackPluginTest.read(redrawn.path("blocks").asText()).path(1)
                .path("text").path("text").asText());

        send(click("U111", ts, button("no")));
        send(click("U222", ts, button("no")));
        send(click("U222", ts, button("no"))); // a replayed click: the same one vote
        assertEquals(SlackPluginTest.read("{\"yes\":{\"users\":[],\"count\":0},\"no\":{\"users\":[\"U111\",\"U222\"],"
                + "\"count\":2}}"), vote.outcome().path("votes"), "a new click moves the user's vote");

        send(click("U333", "1622820212.999999", button("yes")));
        assertEquals(0, vote.outcome().path("votes").path("yes").path("count").asInt(), "another message's click");

        vote.close();
        assertEquals(ProcessStatus.COMPLETED, vote.status());
        JsonNode closed = SlackPluginTest.read(slack.last("chat.update").get("blocks"));
        assertEquals(ts, slack.last("chat.update").get("ts"));
        assertFalse(closed.path(1).has("accessory"), "the buttons are removed");
        assertEquals("Reject   `2` (<@U111>, <@U222>)", closed.path(2).path("text").path("text").asText());
    }

    @Test
    void forgedStaleAndUnsignedClicksAreRefusedAndNotCounted() {
        TestProcess<EmojiVote> vote = workspace.startProcess(EmojiVote.class,
                "{\"title\":\"Lunch?\",\"poll_type\":\"choice\",\"options\":[\"pizza\",\"salad\"],\"channel\":\"C0177HZTV7X\"}");
        String body = FakeSlack.interaction(click("U111", vote.outcome().path("message_ts").asText(), button("pizza")));
        assertThrows(WebhookVerificationException.class, () -> workspace.answer("application/x-www-form-urlencoded",
                body));
        assertThrows(WebhookVerificationException.class, () -> workspace.answer("application/x-www-form-urlencoded",
                body, FakeSlack.signed(body, Instant.now(), "forged-secret")));
        assertThrows(WebhookVerificationException.class, () -> workspace.answer("application/x-www-form-urlencoded",
                body, FakeSlack.signed(body, Instant.now().minus(Duration.ofMinutes(10)), FakeSlack.SIGNING_SECRET)));
        assertEquals(0, vote.outcome().path("votes").path("pizza").path("count").asInt());
        // Slack's exact type counts; a charset parameter is read as a form too (upstream misreads it as JSON)
        workspace.answer("application/x-www-form-urlencoded; charset=utf-8", body, FakeSlack.signed(body));
        assertEquals(List.of("U111"), List.of(vote.outcome().path("votes").path("pizza").path("users").path(0).asText()));
    }

    @Test
    void aChoiceVoteForEligibleVotersOpensTheirConversationUsesTheEmojiFamilyAndTurnsOthersAway() {
        TestProcess<EmojiVote> vote = workspace.startProcess(EmojiVote.class, """
                {"title":"Colour?","poll_type":"choice","options":["red","blue"],"emoji_family":"hearts",
                 "eligible_voters":["U111","U222"],"ineligible_voter_message":"Members only"}""");
        assertEquals("U111,U222", slack.last("conversations.open").get("users"));
        assertEquals("D069C7QFK", vote.outcome().path("channel").asText());
        JsonNode blocks = SlackPluginTest.read(slack.last("chat.postMessage").get("blocks"));
        assertEquals(":heart:", blocks.path(1).path("accessory").path("text").path("text").asText());
        assertEquals("red   `0`", blocks.path(1).path("text").path("text").asText());
        String ts = vote.outcome().path("message_ts").asText();
        send(click("U999", ts, button("red")));
        assertEquals("Members only", slack.last("chat.postEphemeral").get("text"));
        assertEquals("U999", slack.last("chat.postEphemeral").get("user"));
        assertEquals(0, vote.outcome().path("votes").path("red").path("count").asInt());
        send(click("U222", ts, button("blue")));
        assertEquals(1, vote.outcome().path("votes").path("blue").path("count").asInt());

        PluginException noOptions = assertThrows(PluginException.class, () -> workspace.startProcess(EmojiVote.class,
                "{\"title\":\"?\",\"poll_type\":\"choice\",\"channel\":\"C0177HZTV7X\"}"));
        assertTrue(noOptions.isCallerFault());
        assertTrue(assertThrows(PluginException.class, () -> workspace.startProcess(EmojiVote.class,
                "{\"title\":\"?\",\"poll_type\":\"boolean\"}")).isCallerFault(), "channel or eligible_voters");
    }

    @Test
    void anAdvancedVoteKeepsEachUsersChoicePerCandidateInUpstreamsShape() {
        TestProcess<AdvancedVote> vote = workspace.startProcess(AdvancedVote.class, """
                {"title":"Board election","candidates":["Alice","Bob"],"options":["approve","reject"],
                 "channel":"C0177HZTV7X"}""");
        JsonNode blocks = SlackPluginTest.read(slack.last("chat.postMessage").get("blocks"));
        assertEquals("advanced_vote.Alice", blocks.path(1).path("accessory").path("action_id").asText());
        assertEquals("static_select", blocks.path(2).path("accessory").path("type").asText());
        assertEquals("reject", blocks.path(2).path("accessory").path("options").path(1).path("value").asText());
        String ts = vote.outcome().path("message_ts").asText();
        send(click("U111", ts, select("Alice", "approve")));
        send(click("U111", ts, select("Bob", "reject")));
        send(click("U222", ts, select("Alice", "reject")));
        send(click("U222", ts, select("Carol", "approve"))); // not a candidate
        send(click("U222", ts, button("yes"))); // an emoji-vote click: not this process's
        assertEquals(SlackPluginTest.read("{\"U111\":{\"Alice\":\"approve\",\"Bob\":\"reject\"},\"U222\":{\"Alice\":\"reject\"}}"),
                vote.outcome().path("votes"));
        vote.close();
        assertEquals(ProcessStatus.COMPLETED, vote.status());
        assertFalse(SlackPluginTest.read(slack.last("chat.update").get("blocks")).path(1).has("accessory"));
        assertEquals(ts, vote.outcome().path("message_ts").asText());
    }

    static String select(String candidate, String option) {
        return "{\"type\":\"static_select\",\"action_id\":\"advanced_vote." + candidate + "\",\"block_id\":\"b\","
                + "\"selected_option\":{\"text\":{\"type\":\"plain_text\",\"text\":\"" + option + "\"},\"value\":\""
                + option + "\"},\"action_ts\":\"1622820400.2\"}";
    }
}
