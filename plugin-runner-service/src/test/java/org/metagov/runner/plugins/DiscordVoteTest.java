package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.discord.DiscordPlugin;
import org.metagov.runner.plugins.discord.DiscordVote;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.process.ProcessStatus;
import org.metagov.sdk.testkit.PluginHarness;
import org.metagov.sdk.testkit.TestProcess;

/** discord.vote against {@link FakeDiscord}: button clicks arrive signed and are answered by the vote itself. */
class DiscordVoteTest {

    final FakeDiscord discord = new FakeDiscord();
    final PluginHarness<DiscordPlugin> guild = PluginHarness.of(DiscordPlugin.class)
            .config("{\"guild_id\":\"" + FakeDiscord.GUILD + "\"}").setting("DISCORD_PUBLIC_KEY", discord.publicKeyHex)
            .setting("DISCORD_CLIENT_ID", FakeDiscord.APP).setting("DISCORD_BOT_TOKEN", FakeDiscord.TOKEN)
            .setting("DISCORD_API_BASE_URL", discord.url()).start();

    @AfterEach
    void stop() {
        discord.close();
    }

    static String click(String user, String message, String customId) {
        return """
                {"application_id":"800000000000000001","channel_id":"811111111111111111","guild_id":"822222222222222222",
                 "id":"9000000000%s","token":"REDACTED","type":3,"version":1,
                 "data":{"custom_id":"%s","component_type":2},
                 "message":{"id":"%s","channel_id":"811111111111111111","content":"...","components":[]},
                 "member":{"user":{"id":"%s","username":"miri","discriminator":"0001"},"roles":[],"permissions":"0"}}"""
                .formatted(Math.abs((user + customId).hashCode()), customId, message, user);
    }

    JsonNode answer(String body) {
        WebhookResponse response = guild.answer("application/json", body, discord.signed(body));
        assertEquals(200, response.status());
        return response.body().length == 0 ? null
                : DiscoursePluginTest.read(new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aYesNoVoteIsPostedWithButtonsAndEachClickIsAnsweredWithTheUpdatedMessage() {
        TestProcess<DiscordVote> vote = guild.startProcess(DiscordVote.class, "{\"title\":\"Adopt policy X?\","
                + "\"details\":\"some details\",\"poll_type\":\"boolean\",\"channel\":" + FakeDiscord.CHANNEL + "}");
        assertEquals(ProcessStatus.PENDING, vote.status());
        JsonNode posted = DiscoursePluginTest.read(discord.calls("POST", "/channels/" + FakeDiscord.CHANNEL + "/messages")
                .get(0).body());
        assertEquals(DiscoursePluginTest.read("""
                {"content":"\\n\\n**Adopt policy X?**\\n\\nsome details\\n\\nApprovals   (0)\\n\\nRejections   (0)",
                 "components":[{"type":1,"components":[
                   {"type":2,"label":"","style":1,"custom_id":"cast_vote_yes","disabled":false,"emoji":{"name":"👍"}},
                   {"type":2,"label":"","style":1,"custom_id":"cast_vote_no","disabled":false,"emoji":{"name":"👎"}}]}]}"""),
                posted, "upstream's message");
        assertEquals(FakeDiscord.MESSAGE, vote.outcome().path("message_id").asText());
        assertEquals("https://discord.com/channels/" + FakeDiscord.GUILD + "/" + FakeDiscord.CHANNEL + "/"
                + FakeDiscord.MESSAGE, vote.url());

        JsonNode update = answer(click("100000000000000002", FakeDiscord.MESSAGE, "cast_vote_yes"));
        assertEquals(7, update.path("type").asInt(), "UPDATE_MESSAGE");
        assertTrue(update.path("data").path("content").asText().endsWith("Approvals   (1)\n\nRejections   (0)"));
        assertEquals("cast_vote_no", update.path("data").path("components").path(0).path("components").path(1)
                .path("custom_id").asText());
        assertEquals(DiscoursePluginTest.read("{\"yes\":{\"users\":[\"100000000000000002\"],\"count\":1},"
                + "\"no\":{\"users\":[],\"count\":0}}"), vote.outcome().path("votes"));

        String moved = click("100000000000000002", FakeDiscord.MESSAGE, "cast_vote_no");
        answer(moved);
        assertEquals(answer(moved), answer(moved), "a replayed click is answered the same and counts once");
        assertEquals(1, vote.outcome().path("votes").path("no").path("count").asInt());
        assertEquals(0, vote.outcome().path("votes").path("yes").path("count").asInt());

        assertEquals(null, answer(click("100000000000000003", "912345678901234999", "cast_vote_yes")),
                "another message's click: 200 with no body");
        vote.close();
        assertEquals(ProcessStatus.COMPLETED, vote.status());
        assertEquals(null, answer(click("100000000000000003", FakeDiscord.MESSAGE, "cast_vote_yes")),
                "a closed vote answers no more");
        assertEquals(1, vote.outcome().path("votes").path("no").path("count").asInt());
    }

    @Test
    void aChoiceVoteLabelsItsButtonsAndTurnsIneligibleVotersAwayEphemerally() {
        TestProcess<DiscordVote> vote = guild.startProcess(DiscordVote.class, """
                {"title":"Lunch?","poll_type":"choice","options":["pizza","salad"],"channel":"811111111111111111",
                 "eligible_voters":["100000000000000002"],"ineligible_voter_message":"Members only"}""");
        JsonNode buttons = DiscoursePluginTest.read(discord.calls("POST", "/channels/" + FakeDiscord.CHANNEL
                + "/messages").get(0).body()).path("components").path(0).path("components");
        assertEquals("pizza", buttons.path(0).path("label").asText());
        assertEquals("cast_vote_salad", buttons.path(1).path("custom_id").asText());
        assertTrue(buttons.path(0).path("emoji").isMissingNode());

        JsonNode note = answer(click("100000000000000009", FakeDiscord.MESSAGE, "cast_vote_pizza"));
        assertEquals(DiscoursePluginTest.read("{\"type\":4,\"data\":{\"content\":\"Members only\",\"flags\":64}}"), note);
        assertEquals(0, vote.outcome().path("votes").path("pizza").path("count").asInt());
        assertEquals(null, answer(click("100000000000000002", FakeDiscord.MESSAGE, "cast_vote_pasta")),
                "not an option");
        assertTrue(answer(click("100000000000000002", FakeDiscord.MESSAGE, "cast_vote_salad")).path("data")
                .path("content").asText().endsWith("pizza   (0)\n\nsalad   (1)"));
    }

    @Test
    void forgedAndStaleClicksAre401sAndNotCounted() {
        TestProcess<DiscordVote> vote = guild.startProcess(DiscordVote.class, "{\"title\":\"?\",\"poll_type\":\"boolean\","
                + "\"channel\":\"" + FakeDiscord.CHANNEL + "\"}");
        String body = click("100000000000000002", FakeDiscord.MESSAGE, "cast_vote_yes");
        assertThrows(WebhookVerificationException.class, () -> guild.answer("application/json", body));
        assertThrows(WebhookVerificationException.class, () -> guild.answer("application/json", body,
                new FakeDiscord().signed(body)));
        assertThrows(WebhookVerificationException.class, () -> guild.answer("application/json", body,
                discord.signed(body, Instant.now().minus(Duration.ofMinutes(10)))));
        assertEquals(0, vote.outcome().path("votes").path("yes").path("count").asInt());
    }

    @Test
    void aVoteGoesOnlyToAChannelOfTheGuild() {
        assertTrue(assertThrows(PluginException.class, () -> guild.startProcess(DiscordVote.class,
                "{\"title\":\"?\",\"poll_type\":\"boolean\",\"channel\":\"" + FakeDiscord.FOREIGN_CHANNEL + "\"}"))
                .isCallerFault());
        assertTrue(discord.calls("POST", "/channels/" + FakeDiscord.FOREIGN_CHANNEL + "/messages").isEmpty());
    }
}
