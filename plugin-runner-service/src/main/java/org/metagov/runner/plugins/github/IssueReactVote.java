package org.metagov.runner.plugins.github;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * Upstream's {@code github.issue-react-vote}: an issue {@code VOTE: <question>}, ballots are 👍 / 👎 reactions of
 * users (bots ignored; one who reacts both ways counts on both sides), counted on each update tick; closing posts
 * the result, closes the issue and completes with {@code result} pass, fail or tie.
 */
@GovernanceProcess(name = "issue-react-vote", description = "Vote by thumbs up / down reactions on a GitHub issue",
        inputSchema = "issue-react-vote.input.json", outcomeSchema = "vote.outcome.json", updateIntervalSeconds = 30)
public class IssueReactVote extends ProcessBase<GitHubPlugin> {

    static final String REACTIONS_PREVIEW = "application/vnd.github.squirrel-girl-preview";

    @Override
    public void start(JsonNode parameters) {
        JsonNode issue = IssueVotes.open(plugin(), parameters,
                "React with :+1: to vote yes and :-1: to vote no.");
        int number = issue.path("number").asInt();
        state().set("repo", parameters.path("repo_name").asText());
        state().set("issue_number", number);
        if (parameters.has("max_votes")) {
            state().set("max_votes", parameters.path("max_votes").asInt());
        }
        setUrl(IssueVotes.issueUrl(plugin(), plugin().owner(), parameters.path("repo_name").asText(), number));
        setOutcome(IssueVotes.outcome(number, Map.of("yes", List.of(), "no", List.of()), null));
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void update() {
        Map<String, List<String>> votes = count();
        JsonNode max = state().get("max_votes");
        if (max != null && max.isInt() && votes.get("yes").size() + votes.get("no").size() >= max.asInt()) {
            finish(votes); // upstream's TypeError here is fixed: the vote closes
            return;
        }
        setOutcome(IssueVotes.outcome(number(), votes, null));
    }

    @Override
    public void close() {
        finish(count());
    }

    private void finish(Map<String, List<String>> votes) {
        int yes = votes.get("yes").size();
        int no = votes.get("no").size();
        String result = yes > no ? "pass" : no > yes ? "fail" : "tie";
        IssueVotes.closeIssue(plugin(), repo(), number(), "Vote closed: " + result + " (" + yes + " yes, " + no
                + " no).");
        complete(IssueVotes.outcome(number(), votes, result));
    }

    private Map<String, List<String>> count() {
        JsonNode reactions = plugin().call("GET", plugin().repoPath(repo()) + "/issues/" + number() + "/reactions",
                null, REACTIONS_PREVIEW);
        TreeSet<String> yes = new TreeSet<>();
        TreeSet<String> no = new TreeSet<>();
        if (reactions != null) {
            for (JsonNode reaction : reactions) {
                if (!"User".equals(reaction.path("user").path("type").asText())) {
                    continue;
                }
                String login = reaction.path("user").path("login").asText();
                switch (reaction.path("content").asText()) {
                    case "+1" -> yes.add(login);
                    case "-1" -> no.add(login);
                    default -> { }
                }
            }
        }
        Map<String, List<String>> votes = new LinkedHashMap<>();
        votes.put("yes", List.copyOf(yes));
        votes.put("no", List.copyOf(no));
        return votes;
    }

    private String repo() {
        return state().get("repo").asText();
    }

    private int number() {
        return state().get("issue_number").asInt();
    }
}
