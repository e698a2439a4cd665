package org.metagov.runner.plugins.vote;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * {@code vote.poll}: a poll Metagov itself keeps, with Metagov as the timekeeper. Closes at {@code closing_at}
 * (the runner is woken then) or on the driver's DELETE. The outcome counts votes as they come in; the winner is
 * the option with the most votes, none on a tie or while the quorum (number of voters) is not reached. A closed
 * poll may be re-opened: its ballots stay, voters may add or change theirs; a new {@code closing_at} (and
 * {@code quorum}) may be given, else it stays open until the driver closes it.
 */
@GovernanceProcess(name = "poll", description = "A poll with ballots kept by Metagov",
        inputSchema = "poll.input.json", outcomeSchema = "poll.outcome.json",
        updateIntervalSeconds = 3600, // woken by updateAt at its closing time; the hourly tick is a safety net
        reopenable = true)
public class Poll extends ProcessBase<VotePlugin> {

    @Override
    public void start(JsonNode parameters) {
        Instant closingAt = null;
        if (parameters.hasNonNull("closing_at")) {
            closingAt = parseTime(parameters.get("closing_at").asText());
            if (!closingAt.isAfter(Instant.now())) {
                fail("closing_at " + closingAt + " is in the past");
                return;
            }
            state().set("closing_at", closingAt.toString());
            updateAt(closingAt);
        }
        state().set("title", parameters.get("title").asText());
        state().set("options", parameters.get("options"));
        state().set("eligible_voters", parameters.get("eligible_voters"));
        state().set("quorum", parameters.path("quorum").asInt(0));
        state().set("max_choices", parameters.path("max_choices").asInt(1));
        state().set("ballots", Json.object());
        setOutcome(tally());
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void update() {
        if (closed()) {
            close();
        }
    }

    @Override
    public void close() {
        complete(tally());
    }

    @Override
    public void reopen(JsonNode parameters) {
        if (parameters.hasNonNull("closing_at")) {
            Instant closingAt = parseTime(parameters.get("closing_at").asText());
            if (!closingAt.isAfter(Instant.now())) {
                throw PluginException.badRequest("closing_at " + closingAt + " is in the past");
            }
            state().set("closing_at", closingAt.toString());
            updateAt(closingAt);
        } else {
            state().set("closing_at", null); // the time it closed at has passed: open until the driver closes it
        }
        if (parameters.has("quorum")) {
            state().set("quorum", parameters.path("quorum").asInt(0));
        }
        setOutcome(tally());
    }

    /** Records (or replaces) the voter's ballot; the caller's mistakes are 400s. Returns the new outcome. */
    JsonNode cast(String voter, List<String> choices) {
        if (status() == ProcessStatus.COMPLETED || closed()) {
            throw PluginException.badRequest("The poll is closed");
        }
        JsonNode eligible = state().get("eligible_voters");
        if (eligible != null && eligible.isArray() && !contains(eligible, voter)) {
            throw PluginException.badRequest("'" + voter + "' is not an eligible voter of this poll");
        }
        JsonNode options = state().get("options");
        for (String choice : choices) {
            if (!contains(options, choice)) {
                throw PluginException.badRequest("'" + choice + "' is not an option of this poll");
            }
        }
        if (new HashSet<>(choices).size() != choices.size()) {
            throw PluginException.badRequest("A choice is listed twice");
        }
        int max = state().get("max_choices").asInt(1);
        if (choices.isEmpty() || choices.size() > max) {
            throw PluginException.badRequest("Choose between 1 and " + max + " options");
        }
        ObjectNode ballots = (ObjectNode) state().get("ballots");
        ballots.set(voter, Json.of(choices));
        state().set("ballots", ballots);
        JsonNode outcome = tally();
        setOutcome(outcome);
        return outcome;
    }

    private boolean closed() {
        JsonNode closingAt = state().get("closing_at");
        return closingAt != null && closingAt.isTextual() && !Instant.now().isBefore(Instant.parse(closingAt.asText()));
    }

    private ObjectNode tally() {
        Map<String, List<String>> users = new TreeMap<>();
        state().get("options").forEach(o -> users.put(o.asText(), new ArrayList<>()));
        JsonNode ballots = state().get("ballots");
        if (ballots != null) {
            ballots.fields().forEachRemaining(b -> b.getValue().forEach(c -> users.get(c.asText()).add(b.getKey())));
        }
        ObjectNode outcome = Json.object();
        ObjectNode votes = outcome.putObject("votes");
        String winner = null;
        int best = 0;
        boolean tie = false;
        for (JsonNode o : state().get("options")) {
            List<String> voters = users.get(o.asText());
            voters.sort(null);
            ObjectNode entry = votes.putObject(o.asText());
            entry.put("count", voters.size());
            ArrayNode list = entry.putArray("users");
            voters.forEach(list::add);
            if (voters.size() > best) {
                best = voters.size();
                winner = o.asText();
                tie = false;
            } else if (voters.size() == best && best > 0) {
                tie = true;
            }
        }
        int voterCount = ballots == null ? 0 : ballots.size();
        boolean quorum = voterCount >= state().get("quorum").asInt(0);
        outcome.put("voters", voterCount);
        outcome.put("quorum_reached", quorum);
        if (winner != null && !tie && quorum) {
            outcome.put("winner", winner);
        } else {
            outcome.putNull("winner");
        }
        return outcome;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** A date-time, or a date as in seed 003's {@code "closing_at": "2022-01-01"} (midnight UTC). */
    private static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw PluginException.badRequest("closing_at '" + text + "' is neither a date nor a date-time");
            }
        }
    }
}
