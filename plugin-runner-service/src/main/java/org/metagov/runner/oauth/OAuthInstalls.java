package org.metagov.runner.oauth;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;

import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.runner.config.PlatformSettingsConfig;
import org.metagov.runner.plugins.github.GitHubApp;
import org.metagov.runner.service.PlatformHttpClients;
import org.metagov.runner.service.PluginInstances;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.http.PlatformHttp;

/**
 * The runner's half of an OAuth install ({@code /auth/{plugin}/...} in the gateway): the gateway asks over
 * action-requests with the reserved actions {@value #AUTHORIZE} and {@value #CALLBACK}, as it asks for actions;
 * the answer is {@code {"url"}}, or {@code {"config", "platform_id", "params", "linked_user"}}, or
 * {@code {"error", "error_description"}} (upstream's codes). Tokens travel only in {@code config} and
 * {@code params} (the redirect upstream sends to the driver), never in a log.
 */
@ApplicationScoped
public class OAuthInstalls {

    public static final String AUTHORIZE = "@oauth/authorize";
    public static final String CALLBACK = "@oauth/callback";

    private final Map<String, OAuthFlow> flows;
    private final Map<String, String> settings;

    public OAuthInstalls(PlatformHttpClients http, PlatformSettingsConfig config, PluginInstances instances) {
        this.settings = config.byName();
        PlatformHttp github = http.forPlugin("github").trusted();
        GitHubInstall.AppInstallations app = id -> new GitHubApp(github,
                settings.getOrDefault("GITHUB_API_BASE_URL", "https://api.github.com"),
                OAuthFlow.required(settings, "GITHUB_APP_ID"), OAuthFlow.required(settings, "GITHUB_PRIVATE_KEY"))
                .installation(id);
        this.flows = Map.of(
                "github", new GitHubInstall(github, app),
                "slack", new SlackInstall(http.forPlugin("slack").trusted()),
                "discord", new DiscordInstall(http.forPlugin("discord").trusted(), () -> instances.all().stream()
                        .filter(i -> i.type().name().equals("discord") && i.communityPlatformId() != null)
                        .map(i -> i.communityPlatformId()).collect(Collectors.toSet())));
    }

    public static boolean handles(ActionRequest request) {
        return AUTHORIZE.equals(request.action()) || CALLBACK.equals(request.action());
    }

    public ActionReply run(ActionRequest request) {
        OAuthFlow flow = flows.get(request.plugin());
        if (flow == null) {
            return new ActionReply(request.id(), ActionReply.Outcome.REJECTED, null,
                    "Plugin '" + request.plugin() + "' has no OAuth install");
        }
        JsonNode p = request.parameters() == null ? Json.object() : request.parameters();
        String type = p.path("type").asText("app");
        String callback = p.path("callback_url").asText();
        try {
            if (AUTHORIZE.equals(request.action())) {
                String url = flow.authorizeUrl(type, p.path("state").asText(), callback, settings);
                return ok(request, Json.object().put("url", url));
            }
            OAuthFlow.Completed done = flow.complete(type, p.path("query"), callback, settings);
            ObjectNode result = Json.object();
            result.set("config", done.config());
            result.put("platform_id", done.platformId());
            result.set("params", Json.of(done.params()));
            result.put("linked_user", done.linkedUser());
            return ok(request, result);
        } catch (OAuthFlow.Refused refused) {
            Log.infof("OAuth %s of %s refused: %s", request.action(), request.plugin(), refused.code);
            return ok(request, Json.object().put("error", refused.code)
                    .put("error_description", refused.getMessage()));
        } catch (PluginException e) {
            // the platform failed or refused a call: its words are logged, the driver gets upstream's code
            Log.warnf("OAuth %s of %s failed: %s", request.action(), request.plugin(), e.getMessage());
            return ok(request, Json.object().put("error", "server_error").put("error_description", e.getMessage()));
        }
    }

    private static ActionReply ok(ActionRequest request, JsonNode result) {
        return new ActionReply(request.id(), ActionReply.Outcome.OK, result, null);
    }
}
