package org.metagov.runner.plugins.common;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;

/**
 * The tally of a button vote on a chat platform (Slack's {@code emoji-vote}, Discord's {@code vote}), in upstream's
 * outcome shape {@code {"<option>": {"users": [...], "count": n}}}: one vote per user, a new click moves it.
 */
public final class OptionVotes {

    private final ObjectNode votes;

    private OptionVotes(ObjectNode votes) {
        this.votes = votes;
    }

    public static OptionVotes empty(List<String> options) {
        ObjectNode votes = Json.object();
        for (String option : options) {
            ObjectNode entry = votes.putObject(option);
            entry.putArray("users");
            entry.put("count", 0);
        }
        return new OptionVotes(votes);
    }

    /** The tally kept in an outcome's {@code votes}. */
    public static OptionVotes of(JsonNode votes) {
        return new OptionVotes(votes.deepCopy());
    }

    public boolean isOption(String option) {
        return votes.has(option);
    }

    /** Puts the user's one vote on {@code option}; false when it already was there (a replayed click). */
    public boolean cast(String user, String option) {
        if (users(option).contains(user)) {
            return false;
        }
        votes.fields().forEachRemaining(entry -> {
            ArrayNode users = (ArrayNode) entry.getValue().get("users");
            for (int i = users.size() - 1; i >= 0; i--) {
                if (users.get(i).asText().equals(user)) {
                    users.remove(i);
                }
            }
            ((ObjectNode) entry.getValue()).put("count", users.size());
        });
        ArrayNode users = (ArrayNode) votes.get(option).get("users");
        users.add(user);
        ((ObjectNode) votes.get(option)).put("count", users.size());
        return true;
    }

    public List<String> users(String option) {
        List<String> users = new ArrayList<>();
        votes.path(option).path("users").forEach(u -> users.add(u.asText()));
        return users;
    }

    public int count(String option) {
        return votes.path(option).path("count").asInt();
    }

    public ObjectNode json() {
        return votes.deepCopy();
    }

    /**
     * Whether {@code user} may vote under the process's parameters: listed in {@code eligible_voters} when it is
     * given, and not in {@code ineligible_voters}.
     */
    public static boolean eligible(JsonNode parameters, String user) {
        JsonNode eligible = parameters.path("eligible_voters");
        if (eligible.isArray() && !eligible.isEmpty() && !contains(eligible, user)) {
            return false;
        }
        return !contains(parameters.path("ineligible_voters"), user);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
