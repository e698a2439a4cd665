package org.metagov.runner.plugins.github;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;

/** What both issue votes share: the vote issue, the outcome shape, the closing comment and close. */
final class IssueVotes {

    private IssueVotes() {
    }

    /** Opens {@code VOTE: <question>}; returns the issue GitHub created. */
    static JsonNode open(GitHubPlugin github, JsonNode parameters, String howToVote) {
        String help = parameters.path("help_text").asText("");
        return github.createIssue(parameters.path("repo_name").asText(), "VOTE: " + parameters.path("question").asText(),
                (help.isEmpty() ? "" : help + "\n\n") + howToVote);
    }

    /** {@code {"issue_number": n, "votes": {"<option>": {"count": k, "users": [...]}}}} plus {@code result}. */
    static ObjectNode outcome(int issueNumber, Map<String, List<String>> votes, String result) {
        ObjectNode byOption = Json.object();
        votes.forEach((option, users) -> {
            ObjectNode entry = Json.object().put("count", users.size());
            entry.set("users", Json.of(users));
            byOption.set(option, entry);
        });
        ObjectNode outcome = Json.object().put("issue_number", issueNumber);
        outcome.set("votes", byOption);
        if (result != null) {
            outcome.put("result", result);
        }
        return outcome;
    }

    /** Posts the result as a comment and closes the issue (POST, as upstream; GitHub takes it as PATCH). */
    static void closeIssue(GitHubPlugin github, String repo, int number, String comment) {
        String issue = github.repoPath(repo) + "/issues/" + number;
        github.call("POST", issue + "/comments", Json.object().put("body", comment), null);
        github.call("POST", issue, Json.object().put("state", "closed"), null);
    }

    static String issueUrl(GitHubPlugin github, String owner, String repo, int number) {
        return github.webUrl() + "/" + owner + "/" + repo + "/issues/" + number;
    }
}
