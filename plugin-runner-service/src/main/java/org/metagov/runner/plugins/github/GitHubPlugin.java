package org.metagov.runner.plugins.github;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.Signatures;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;

/**
 * The GitHub App (upstream's github plugin): actions as the App's installation, the issue votes, and the App's
 * webhook turned into driver events ("opened issues", ...). Every hook is verified with the App's
 * {@code GITHUB_WEBHOOK_SECRET} ({@code X-Hub-Signature-256}); with none set every hook is refused (401), and the
 * runner says so at start. A per-instance {@code webhook_secret} (older instances) is checked as well.
 */
@Plugin(name = "github", description = "A GitHub App installation: issues, votes on issues, webhook events",
        configSchema = "config.schema.json", authType = Plugin.AuthType.OAUTH, platformIdKey = "installation_id")
public class GitHubPlugin extends PluginBase {

    static final String WEBHOOK_SECRET = "GITHUB_WEBHOOK_SECRET";
    private static final Pattern ROUTE_PARAMETER = Pattern.compile("\\{([a-z_]+)}");

    /** The App's single webhook URL ({@code /api/hooks/github}) serves every installation. */
    @Override
    public String platformIdOf(WebhookRequest request) {
        JsonNode installation = request.json().path("installation").path("id");
        // a hook without an installation (e.g. not GitHub's) is for no instance: "" matches none
        return installation.isValueNode() ? installation.asText() : "";
    }

    /**
     * Answers so that a forged hook is a 401 GitHub shows in the App's deliveries, and so that events for an
     * installation no community has claimed yet (the {@code installation} event that comes with the install) are
     * acknowledged.
     */
    @WebhookReceiver(answers = true)
    public WebhookResponse receive(WebhookRequest request) {
        String appSecret = setting(WEBHOOK_SECRET).orElseThrow(() -> new WebhookVerificationException(
                WEBHOOK_SECRET + " is not set in this deployment: GitHub hooks are refused"));
        Signatures.verifyGitHub(request, appSecret);
        String instanceSecret = hasInstance() ? config().path("webhook_secret").asText("") : "";
        if (!instanceSecret.isEmpty()) {
            Signatures.verifyGitHub(request, instanceSecret);
        }
        String event = request.header("X-GitHub-Event");
        if (event == null || !hasInstance()) {
            return null; // not a GitHub event, or an installation no community has (yet): nothing to tell
        }
        JsonNode body = request.json();
        String eventType = body.has("action") ? body.path("action").asText() + " " + event : event;
        JsonNode sender = body.path("sender");
        Initiator initiator = sender.isObject() ? new Initiator(sender.path("id").asText(), "github") : null;
        sendEventToDriver(eventType, body, initiator);
        return null;
    }

    @Action(slug = "get-installation", description = "The App installation of this community, as GitHub has it",
            outputSchema = "get-installation.output.json")
    public JsonNode getInstallation() {
        return app().installation(installationId());
    }

    @Action(slug = "create-issue", description = "Open an issue in a repository of the installation's owner",
            inputSchema = "create-issue.input.json")
    public JsonNode createIssue(JsonNode parameters) {
        return createIssue(parameters.path("repo_name").asText(), parameters.path("title").asText(),
                parameters.path("body").asText(""));
    }

    /**
     * Any REST route as the installation: {@code route} is a template whose {@code {owner}},
     * {@code {installation_id}} and {@code {<parameter>}} are filled in; the other parameters are the JSON body.
     */
    @Action(slug = "method", description = "Any GitHub REST call as the installation (route, method, arguments)",
            inputSchema = "method.input.json")
    public JsonNode method(JsonNode parameters) {
        ObjectNode arguments = parameters.deepCopy();
        String template = arguments.remove("route").asText();
        JsonNode verb = arguments.remove("method");
        String method = verb == null ? "GET" : verb.asText().toUpperCase(java.util.Locale.ROOT);
        Map<String, String> values = new java.util.HashMap<>();
        values.put("owner", config().path("owner").asText(""));
        values.put("installation_id", installationId());
        Matcher m = ROUTE_PARAMETER.matcher(template);
        StringBuilder route = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            JsonNode given = arguments.remove(name);
            String value = given != null ? given.asText() : values.get(name);
            if (value == null || value.isEmpty()) {
                throw PluginException.badRequest("The route needs a value for {" + name + "}");
            }
            m.appendReplacement(route, Matcher.quoteReplacement(java.net.URLEncoder.encode(value,
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        m.appendTail(route);
        if (!route.toString().startsWith("/")) {
            throw PluginException.badRequest("A route starts with '/'");
        }
        JsonNode body = arguments.isEmpty() || method.equals("GET") || method.equals("DELETE") ? null : arguments;
        return GitHubApp.orEmpty(app().call(installationId(), method, route.toString(), body, null));
    }

    JsonNode createIssue(String repo, String title, String body) {
        return app().call(installationId(), "POST", repoPath(repo) + "/issues",
                Json.object().put("title", title).put("body", body), null);
    }

    JsonNode call(String method, String route, JsonNode body, String accept) {
        return app().call(installationId(), method, route, body, accept);
    }

    String repoPath(String repo) {
        if (repo == null || repo.isBlank() || repo.contains("/") || repo.contains("..")) {
            throw PluginException.badRequest("repo_name is a repository name of the installation's owner");
        }
        return "/repos/" + owner() + "/" + repo;
    }

    String owner() {
        return config().path("owner").asText();
    }

    String webUrl() {
        String url = setting("GITHUB_WEB_BASE_URL").orElse("https://github.com");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private String installationId() {
        return config().path("installation_id").asText();
    }

    private GitHubApp app() {
        return new GitHubApp(http().trusted(), setting("GITHUB_API_BASE_URL").orElse("https://api.github.com"),
                requiredSetting("GITHUB_APP_ID"), requiredSetting("GITHUB_PRIVATE_KEY"));
    }
}
