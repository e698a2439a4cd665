package org.metagov.runner.plugins.github;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * Upstream's {@code github.issue-comment-vote}: a vote is the text between the first two {@code ^^^^} markers of a
 * user's first comment, lower-cased (spaces kept); the App's own comments are skipped. Recounted on each comment
 * hook of the vote issue and on update ticks; closes itself at {@code max_votes}.
 */
@GovernanceProcess(name = "issue-comment-vote", description = "Vote by ^^^^option^^^^ comments on a GitHub issue",
        inputSchema = "issue-comment-vote.input.json", outcomeSchema = "vote.outcome.json",
        updateIntervalSeconds = 60)
public class IssueCommentVote extends ProcessBase<GitHubPlugin> {

    private static final String MARK = "^^^^";

    @Override
    public void start(JsonNode parameters) {
        JsonNode issue = IssueVotes.open(plugin(), parameters,
                "Vote by commenting with your choice between ^^^^ marks, e.g. ^^^^yes^^^^. Only your first comment counts.");
        int number = issue.path("number").asInt();
        state().set("repo", parameters.path("repo_name").asText());
        state().set("issue_number", number);
        state().set("bot_id", issue.path("user").path("id").asLong());
        if (parameters.has("max_votes")) {
            state().set("max_votes", parameters.path("max_votes").asInt());
        }
        setUrl(IssueVotes.issueUrl(plugin(), plugin().owner(), parameters.path("repo_name").asText(), number));
        setOutcome(IssueVotes.outcome(number, Map.of(), null));
        setStatus(ProcessStatus.PENDING);
    }

    @Override
    public void receiveWebhook(WebhookRequest webhook) {
        if (!"issue_comment".equals(webhook.header("X-GitHub-Event"))) {
            return;
        }
        JsonNode body = webhook.json();
        String action = body.path("action").asText();
        boolean ours = body.path("issue").path("number").asInt() == number()
                && body.path("sender").path("id").asLong() != state().get("bot_id").asLong();
        if (ours && Set.of("created", "edited", "deleted").contains(action)) {
            recount();
        }
    }

    @Override
    public void update() {
        recount();
    }

    @Override
    public void close() {
        finish(count());
    }

    private void recount() {
        Map<String, List<String>> votes = count();
        JsonNode max = state().get("max_votes");
        int cast = votes.values().stream().mapToInt(List::size).sum();
        if (max != null && max.isInt() && cast >= max.asInt()) {
            finish(votes);
        } else {
            setOutcome(IssueVotes.outcome(number(), votes, null));
        }
    }

    private void finish(Map<String, List<String>> votes) {
        StringJoiner text = new StringJoiner("\n");
        List<String> voters = new ArrayList<>();
        votes.forEach((option, users) -> {
            text.add(option + ": " + users.size());
            voters.addAll(users);
        });
        text.add("People voting: " + String.join(", ", voters));
        IssueVotes.closeIssue(plugin(), repo(), number(), text.toString());
        complete(IssueVotes.outcome(number(), votes, null));
    }

    private Map<String, List<String>> count() {
        JsonNode comments = plugin().call("GET", plugin().repoPath(repo()) + "/issues/" + number() + "/comments",
                null, null);
        long botId = state().get("bot_id").asLong();
        Set<Long> seen = new HashSet<>();
        Map<String, List<String>> votes = new LinkedHashMap<>();
        if (comments != null) {
            for (JsonNode comment : comments) {
                long author = comment.path("user").path("id").asLong();
                if (author == botId || !seen.add(author)) {
                    continue; // the App's own, or not the author's first comment
                }
                String vote = voteIn(comment.path("body").asText(""));
                if (vote != null) {
                    votes.computeIfAbsent(vote, v -> new ArrayList<>()).add(comment.path("user").path("login").asText());
                }
            }
        }
        return votes;
    }

    static String voteIn(String text) {
        int open = text.indexOf(MARK);
        int close = open < 0 ? -1 : text.indexOf(MARK, open + MARK.length());
        return close < 0 ? null : text.substring(open + MARK.length(), close).toLowerCase(Locale.ROOT);
    }

    private String repo() {
        return state().get("repo").asText();
    }

    private int number() {
        return state().get("issue_number").asInt();
    }
}
