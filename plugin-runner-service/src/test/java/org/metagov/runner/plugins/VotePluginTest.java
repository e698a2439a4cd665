package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.metagov.runner.plugins.vote.Poll;
import org.metagov.runner.plugins.vote.VotePlugin;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.process.ProcessStatus;
import org.metagov.sdk.testkit.PluginHarness;
import org.metagov.sdk.testkit.TestProcess;

/** The tally of {@code vote.poll}, with ballots cast through {@code vote.cast} as a driver casts them. */
class VotePluginTest {

    PluginHarness<VotePlugin> vote;

    @BeforeEach
    void enable() {
        vote = PluginHarness.start(VotePlugin.class, "{}");
    }

    @Test
    void theOptionWithTheMostVotesWinsAndEveryBallotIsListed() {
        TestProcess<Poll> poll = poll("{\"title\": \"Lunch?\", \"options\": [\"pizza\", \"salad\", \"soup\"]}");
        cast(poll, "carol", "salad");
        cast(poll, "alice", "pizza");
        JsonNode outcome = cast(poll, "bob", "pizza");

        assertEquals(2, outcome.path("votes").path("pizza").path("count").asInt());
        assertEquals(List.of("alice", "bob"), users(outcome, "pizza"), "voters sorted by name");
        assertEquals(1, outcome.path("votes").path("salad").path("count").asInt());
        assertEquals(0, outcome.path("votes").path("soup").path("count").asInt());
        assertEquals("pizza", outcome.path("winner").asText());
        assertEquals(3, outcome.path("voters").asInt());
        assertEquals(outcome, poll.outcome(), "the process's outcome is what the cast returned");
        assertEquals(ProcessStatus.PENDING, poll.status());
    }

    @Test
    void aTieHasNoWinner() {
        TestProcess<Poll> poll = poll("{\"title\": \"Lunch?\", \"options\": [\"pizza\", \"salad\"]}");
        cast(poll, "alice", "pizza");
        JsonNode outcome = cast(poll, "bob", "salad");

        assertTrue(outcome.path("winner").isNull(), outcome.toString());
    }

    @Test
    void noWinnerUntilTheQuorumIsReached() {
        TestProcess<Poll> poll = poll("{\"title\": \"Lunch?\", \"options\": [\"pizza\", \"salad\"], \"quorum\": 2}");
        JsonNode one = cast(poll, "alice", "pizza");
        assertFalse(one.path("quorum_reached").asBoolean());
        assertTrue(one.path("winner").isNull());

        JsonNode two = cast(poll, "bob", "pizza");
        assertTrue(two.path("quorum_reached").asBoolean());
        assertEquals("pizza", two.path("winner").asText());
    }

    @Test
    void aSecondBallotReplacesTheFirst() {
        TestProcess<Poll> poll = poll("{\"title\": \"Lunch?\", \"options\": [\"pizza\", \"salad\"]}");
        cast(poll, "alice", "pizza");
        JsonNode outcome = cast(poll, "alice", "salad");

        assertEquals(0, outcome.path("votes").path("pizza").path("count").asInt());
        assertEquals(List.of("alice"), users(outcome, "salad"));
        assertEquals(1, outcome.path("voters").asInt());
    }

    @Test
    void aVoterMayChooseUpToMaxChoices() {
        TestProcess<Poll> poll = poll("{\"title\": \"Toppings\", \"options\": [\"olives\", \"ham\", \"basil\"],"
                + " \"max_choices\": 2}");
        JsonNode outcome = vote.act("cast", "{\"process_id\": \"" + poll.id()
                + "\", \"voter\": \"alice\", \"choices\": [\"olives\", \"basil\"]}");
        assertEquals(List.of("alice"), users(outcome, "olives"));
        assertEquals(List.of("alice"), users(outcome, "basil"));

        assertRefused("Choose between 1 and 2 options", () -> vote.act("cast", "{\"process_id\": \"" + poll.id()
                + "\", \"voter\": \"bob\", \"choices\": [\"olives\", \"ham\", \"basil\"]}"));
    }

    @Test
    void theCallersMistakesAreRefusedAndChangeNothing() {
        TestProcess<Poll> poll = poll("{\"title\": \"Lunch?\", \"options\": [\"pizza\", \"salad\"],"
                + " \"eligible_voters\": [\"alice\", \"bob\"]}");
        cast(poll, "alice", "pizza");
        JsonNode before = poll.outcome();

        assertRefused("'mallory' is not an eligible voter of this poll", () -> cast(poll, "mallory", "pizza"));
        assertRefused("'sushi' is not an option of this poll", () -> cast(poll, "bob", "sushi"));
        assertRefused("A choice is listed twice", () -> vote.act("cast", "{\"process_id\": \"" + poll.id()
                + "\", \"voter\": \"bob\", \"choices\": [\"pizza\", \"pizza\"]}"));
        assertRefused("There is no vote.poll process 'nope' in this community", () -> vote.act("cast",
                "{\"process_id\": \"nope\", \"voter\": \"bob\", \"choices\": [\"pizza\"]}"));

        assertEquals(before, poll.outcome());
    }

    @Test
    void closingCompletesWithTheTallyAndEndsTheVoting() {
        TestProcess<Poll> poll = poll("{\"title\": \"Lunch?\", \"options\": [\"pizza\", \"salad\"]}");
        cast(poll, "alice", "salad");

        poll.close();

        assertEquals(ProcessStatus.COMPLETED, poll.status());
        assertEquals("salad", poll.outcome().path("winner").asText());
        assertRefused("The poll is closed", () -> cast(poll, "bob", "pizza"));
    }

    @Test
    void aReopenedPollKeepsItsBallotsAndTakesNewOnesUntilItsNewClosingTime() {
        TestProcess<Poll> poll = poll("{\"title\": \"Lunch?\", \"options\": [\"pizza\", \"salad\"]}");
        cast(poll, "alice", "pizza");
        poll.close();

        Instant closingAt = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        poll.reopen("{\"closing_at\": \"" + closingAt + "\"}");
        assertEquals(ProcessStatus.PENDING, poll.status());
        assertEquals(closingAt, poll.nextUpdateAt());
        cast(poll, "bob", "salad");
        cast(poll, "carol", "salad");
        poll.close();
        assertEquals(3, poll.outcome().path("voters").asInt());
        assertEquals("salad", poll.outcome().path("winner").asText());

        PluginException past = assertThrows(PluginException.class, () -> poll.reopen("{\"closing_at\": \"2020-01-01\"}"));
        assertTrue(past.getMessage().contains("in the past"), past.getMessage());
        assertEquals(ProcessStatus.COMPLETED, poll.status(), "a refused re-opening changes nothing");
    }

    @Test
    void aClosingTimeWakesThePollThenAndOneInThePastFailsTheStart() {
        Instant closingAt = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        TestProcess<Poll> open = poll("{\"title\": \"Lunch?\", \"options\": [\"pizza\", \"salad\"], \"closing_at\": \""
                + closingAt + "\"}");
        assertEquals(closingAt, open.nextUpdateAt());
        open.update();
        assertEquals(ProcessStatus.PENDING, open.status(), "not closed before its time");

        TestProcess<Poll> late = poll("{\"title\": \"Lunch?\", \"options\": [\"pizza\", \"salad\"],"
                + " \"closing_at\": \"2020-01-01\"}");
        assertEquals(ProcessStatus.COMPLETED, late.status());
        assertEquals("closing_at 2020-01-01T00:00:00Z is in the past", late.errors().path("message").asText());
    }

    @Test
    void pollParametersAreCheckedAgainstTheSchema() {
        PluginException e = assertThrows(PluginException.class, () -> poll("{\"title\": \"Lunch?\"}"));
        assertTrue(e.isCallerFault());
        assertTrue(e.getMessage().startsWith("Invalid parameters for vote.poll: "), e.getMessage());
        assertTrue(e.getMessage().contains("options"), e.getMessage());
    }

    private TestProcess<Poll> poll(String parameters) {
        return vote.startProcess(Poll.class, parameters);
    }

    private JsonNode cast(TestProcess<Poll> poll, String voter, String choice) {
        return vote.act("cast", "{\"process_id\": \"" + poll.id() + "\", \"voter\": \"" + voter
                + "\", \"choices\": [\"" + choice + "\"]}");
    }

    private static List<String> users(JsonNode outcome, String option) {
        return StreamSupport.stream(outcome.path("votes").path(option).path("users").spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    private static void assertRefused(String message, Executable call) {
        PluginException e = assertThrows(PluginException.class, call);
        assertEquals(message, e.getMessage());
        assertTrue(e.isCallerFault(), "a 400: " + message);
    }
}
