package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.github.GitHubPlugin;
import org.metagov.runner.plugins.github.IssueCommentVote;
import org.metagov.runner.plugins.github.IssueReactVote;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.process.ProcessStatus;
import org.metagov.sdk.testkit.PluginHarness;
import org.metagov.sdk.testkit.TestProcess;

/** The GitHub App against a fake GitHub that checks App JWTs and installation tokens as GitHub does. */
class GitHubPluginTest {

    static final String SECRET = "app-webhook-secret";
    static final String ISSUE = "{\"action\": \"opened\", \"installation\": {\"id\": 77}, \"sender\": {\"id\": 5}}";

    FakeGitHub github;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub();
    }

    @AfterEach
    void stop() {
        github.close();
    }

    PluginHarness<GitHubPlugin> plugin(String config) {
        return PluginHarness.of(GitHubPlugin.class).config(config)
                .setting("GITHUB_APP_ID", FakeGitHub.APP_ID).setting("GITHUB_PRIVATE_KEY", github.privateKeyPem())
                .setting("GITHUB_WEBHOOK_SECRET", SECRET).setting("GITHUB_API_BASE_URL", github.platform.url())
                .setting("GITHUB_WEB_BASE_URL", "https://github.example").start();
    }

    PluginHarness<GitHubPlugin> installed() {
        return plugin("{\"installation_id\": \"77\", \"owner\": \"acme\"}");
    }

    @Test
    void aHookSignedWithTheAppSecretBecomesAnEventNamedAfterActionAndEvent() throws Exception {
        PluginHarness<GitHubPlugin> plugin = installed();
        plugin.webhook(ISSUE, "X-GitHub-Event", "issues", "X-Hub-Signature-256", "sha256=" + hmac(SECRET, ISSUE));
        assertEquals("opened issues", plugin.events().get(0).eventType());
        assertEquals("5", plugin.events().get(0).initiator().userId());
    }

    @Test
    void forgedUnsignedOrUnverifiableHooksEmitNothing() throws Exception {
        PluginHarness<GitHubPlugin> plugin = installed();
        assertEquals("X-Hub-Signature-256 does not match", assertThrows(WebhookVerificationException.class,
                () -> plugin.webhook(ISSUE, "X-GitHub-Event", "issues", "X-Hub-Signature-256",
                        "sha256=" + "ab".repeat(32))).getMessage());
        assertEquals("Missing header X-Hub-Signature-256", assertThrows(WebhookVerificationException.class,
                () -> plugin.webhook(ISSUE, "X-GitHub-Event", "issues")).getMessage());
        // signed with the per-instance secret of an older instance, but not with the App's: refused
        PluginHarness<GitHubPlugin> old = plugin("{\"installation_id\": \"77\", \"webhook_secret\": \"old\"}");
        assertThrows(WebhookVerificationException.class, () -> old.webhook(ISSUE, "X-GitHub-Event", "issues",
                "X-Hub-Signature-256", "sha256=" + hmac("old", ISSUE)));
        // no App secret in this deployment: every hook is refused, even one that would match an instance secret
        PluginHarness<GitHubPlugin> noSecret = PluginHarness.of(GitHubPlugin.class)
                .config("{\"installation_id\": \"77\", \"webhook_secret\": \"old\"}").start();
        assertTrue(assertThrows(WebhookVerificationException.class, () -> noSecret.webhook(ISSUE, "X-GitHub-Event",
                "issues", "X-Hub-Signature-256", "sha256=" + hmac("old", ISSUE))).getMessage()
                .contains("GITHUB_WEBHOOK_SECRET is not set"));
        assertTrue(plugin.events().isEmpty() && old.events().isEmpty() && noSecret.events().isEmpty());
    }

    @Test
    void platformWideHooksAreClaimedByInstallation() {
        PluginHarness<GitHubPlugin> plugin = installed();
        assertEquals("77", plugin.plugin().platformIdOf(request(ISSUE)));
        assertEquals("78", plugin.plugin().platformIdOf(request(ISSUE.replace("77", "78"))));
        assertEquals("", plugin.plugin().platformIdOf(request("{\"zen\": \"no installation\"}")));
    }

    @Test
    void getInstallationAsksWithTheAppJwt() {
        JsonNode installation = installed().act("get-installation", "{}");
        assertEquals(77, installation.path("id").asInt());
        assertEquals("Organization", installation.path("target_type").asText());
        assertEquals(0, github.tokensIssued(), "an /app call needs no installation token");
    }

    @Test
    void installationTokensAreCachedAndFetchedAgainOnceWhenRevoked() {
        PluginHarness<GitHubPlugin> plugin = installed();
        assertEquals(7, plugin.act("create-issue", "{\"repo_name\": \"gov\", \"title\": \"Hi\"}").path("number")
                .asInt());
        plugin.act("method", "{\"route\": \"/repos/{owner}/{repo}/issues/comments/{comment_id}\", \"repo\": \"gov\","
                + " \"comment_id\": 5}");
        assertEquals(1, github.tokensIssued(), "one token for both calls");
        github.revokeTokens();
        assertEquals("hello", plugin.act("method", "{\"route\": \"/repos/acme/gov/issues/comments/5\"}")
                .path("body").asText());
        assertEquals(2, github.tokensIssued(), "a 401 fetched a new token, and the call was repeated");
        assertEquals("token ghs_1", github.requests("POST", "/repos/acme/gov/issues").get(0).headers()
                .entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Authorization")).findFirst()
                .orElseThrow().getValue().get(0));
    }

    @Test
    void aRefusalOfGitHubIsA502WithGitHubsWordsAndNoToken() {
        PluginHarness<GitHubPlugin> plugin = installed();
        PluginException refused = assertThrows(PluginException.class,
                () -> plugin.act("method", "{\"route\": \"/repos/acme/private/issues\"}"));
        assertFalse(refused.isCallerFault() || refused.isTimeout());
        assertFalse(refused.getMessage().contains("ghs_"), refused.getMessage());
        assertTrue(plugin.act("method", "{\"route\": \"/repos/acme/gov/issues/7\", \"method\": \"post\","
                + " \"state\": \"closed\"}").path("state").asText().equals("closed"));
        assertThrows(PluginException.class, () -> plugin.act("create-issue",
                "{\"repo_name\": \"../x\", \"title\": \"t\"}"));
    }

    @Test
    void anIssueReactVoteCountsUsersThumbsAndClosesWithTheResult() {
        PluginHarness<GitHubPlugin> plugin = installed();
        TestProcess<IssueReactVote> vote = plugin.startProcess(IssueReactVote.class,
                "{\"repo_name\": \"gov\", \"question\": \"Adopt the new CoC?\"}");
        assertEquals(ProcessStatus.PENDING, vote.status());
        assertEquals("https://github.example/acme/gov/issues/7", vote.url());
        assertEquals("VOTE: Adopt the new CoC?", github.requests("POST", "/repos/acme/gov/issues").get(0).body()
                .transform(b -> readJson(b).path("title").asText()));

        github.reactions = """
                [{"id":1,"user":{"login":"octocat","id":1,"type":"User"},"content":"+1"},
                 {"id":2,"user":{"login":"foo","id":2,"type":"User"},"content":"-1"},
                 {"id":3,"user":{"login":"ci","id":3,"type":"Bot"},"content":"+1"},
                 {"id":4,"user":{"login":"bar","id":4,"type":"User"},"content":"+1"},
                 {"id":5,"user":{"login":"bar","id":4,"type":"User"},"content":"heart"}]""";
        vote.update();
        assertEquals(readJson("{\"count\": 2, \"users\": [\"bar\", \"octocat\"]}"), vote.outcome().path("votes")
                .path("yes"));
        assertEquals(List.of("application/vnd.github.squirrel-girl-preview"), github.requests("GET",
                "/repos/acme/gov/issues/7/reactions").get(0).headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Accept")).findFirst().orElseThrow().getValue());

        vote.close();
        assertEquals(ProcessStatus.COMPLETED, vote.status());
        assertEquals("pass", vote.outcome().path("result").asText());
        assertEquals(7, vote.outcome().path("issue_number").asInt());
        assertEquals(1, github.requests("POST", "/repos/acme/gov/issues/7/comments").size());
        assertEquals("closed", readJson(github.requests("POST", "/repos/acme/gov/issues/7").get(0).body())
                .path("state").asText());
    }

    @Test
    void anIssueCommentVoteCountsFirstCommentsOnHooksAndClosesAtMaxVotes() throws Exception {
        PluginHarness<GitHubPlugin> plugin = installed();
        TestProcess<IssueCommentVote> vote = plugin.startProcess(IssueCommentVote.class,
                "{\"repo_name\": \"gov\", \"question\": \"Lunch?\", \"max_votes\": 2}");
        github.comments = """
                [{"body":"I say ^^^^Yes^^^^","user":{"login":"octocat","id":583231}},
                 {"body":"^^^^no^^^^ changed my mind","user":{"login":"octocat","id":583231}},
                 {"body":"tally: ^^^^yes^^^^","user":{"login":"metagov-app[bot]","id":90001}}]""";
        String hook = "{\"action\": \"created\", \"issue\": {\"number\": 7}, \"sender\": {\"id\": 583231},"
                + " \"installation\": {\"id\": 77}}";
        plugin.webhook(hook, "X-GitHub-Event", "issue_comment", "X-Hub-Signature-256", "sha256=" + hmac(SECRET, hook));
        assertEquals(readJson("{\"yes\": {\"count\": 1, \"users\": [\"octocat\"]}}"), vote.outcome().path("votes"));
        assertEquals(ProcessStatus.PENDING, vote.status());

        github.comments = github.comments.substring(0, github.comments.lastIndexOf(']'))
                + ",{\"body\":\"^^^^ no^^^^\",\"user\":{\"login\":\"foo\",\"id\":2}}]";
        plugin.webhook(hook, "X-GitHub-Event", "issue_comment", "X-Hub-Signature-256", "sha256=" + hmac(SECRET, hook));
        assertEquals(ProcessStatus.COMPLETED, vote.status());
        assertEquals(1, vote.outcome().path("votes").path(" no").path("count").asInt(), "spaces are kept");
        String closing = readJson(github.requests("POST", "/repos/acme/gov/issues/7/comments").get(0).body())
                .path("body").asText();
        assertTrue(closing.contains("yes: 1") && closing.contains("People voting: octocat, foo"), closing);
    }

    private static JsonNode readJson(String body) {
        try {
            return org.metagov.sdk.Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static WebhookRequest request(String body) {
        return new WebhookRequest("POST", "/api/hooks/github", "", Map.of("X-GitHub-Event", List.of("issues")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
