package org.metagov.runner.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.http.PlatformHttp;

/**
 * Slack's OAuth v2 (shared/platforms/slack.md, section 4): bot scopes for an app install, user scopes for a login;
 * {@code oauth.v2.access} under {@code SLACK_API_BASE_URL}; the installer must be a workspace admin.
 */
final class SlackInstall implements OAuthFlow {

    static final String BOT_SCOPES = "app_mentions:read,channels:history,channels:join,channels:read,chat:write,"
            + "chat:write.customize,commands,groups:history,groups:read,im:history,im:read,im:write,mpim:history,"
            + "mpim:read,pins:read,pins:write,reactions:read,reactions:write,users:read,users:read.email";
    static final String USER_SCOPES = "chat:write,channels:write,groups:write,im:write,mpim:write";

    private final PlatformHttp http;

    SlackInstall(PlatformHttp http) {
        this.http = http;
    }

    @Override
    public String plugin() {
        return "slack";
    }

    @Override
    public String authorizeUrl(String type, String state, String callbackUrl, Map<String, String> settings) {
        String scopes = "app".equals(type) ? "&scope=" + enc(BOT_SCOPES) + "&user_scope=" + enc(USER_SCOPES)
                : "&user_scope=" + enc(USER_SCOPES);
        return OAuthFlow.trimmed(settings.getOrDefault("SLACK_OAUTH_BASE_URL", "https://slack.com"))
                + "/oauth/v2/authorize?client_id=" + enc(OAuthFlow.required(settings, "SLACK_CLIENT_ID")) + scopes
                + "&state=" + enc(state) + "&redirect_uri=" + enc(callbackUrl);
    }

    @Override
    public Completed complete(String type, JsonNode query, String callbackUrl, Map<String, String> settings) {
        String api = OAuthFlow.trimmed(settings.getOrDefault("SLACK_API_BASE_URL", "https://slack.com/api"));
        JsonNode access = http.sendForm("POST", api + "/oauth.v2.access", Map.of(
                "client_id", List.of(OAuthFlow.required(settings, "SLACK_CLIENT_ID")),
                "client_secret", List.of(OAuthFlow.required(settings, "SLACK_CLIENT_SECRET")),
                "code", List.of(query.path("code").asText("")), "redirect_uri", List.of(callbackUrl)), Map.of())
                .requireSuccess().json();
        if (!access.path("ok").asBoolean(false)) {
            throw new Refused(access.path("error").asText("server_error"), "Slack refused the authorization code");
        }
        JsonNode installer = access.path("authed_user");
        String teamId = access.path("team").path("id").asText();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("user_id", installer.path("id").asText());
        params.put("user_token", installer.path("access_token").asText(null));
        if ("user".equals(type)) {
            params.put("team_id", teamId);
            return new Completed(null, teamId, params, null);
        }
        String botToken = access.path("access_token").asText("");
        JsonNode user = http.get(api + "/users.info?user=" + enc(installer.path("id").asText()),
                Map.of("Authorization", "Bearer " + botToken)).requireSuccess().json();
        if (!user.path("ok").asBoolean(false) || !user.path("user").path("is_admin").asBoolean(false)) {
            throw new Refused("slack_installer_is_not_admin", "Only a workspace admin can install the Slack app");
        }
        ObjectNode config = Json.object().put("team_id", teamId)
                .put("team_name", access.path("team").path("name").asText())
                .put("bot_token", botToken).put("bot_user_id", access.path("bot_user_id").asText())
                .put("installer_user_id", installer.path("id").asText());
        if (installer.hasNonNull("access_token")) {
            config.put("installer_user_token", installer.path("access_token").asText());
        }
        return new Completed(config, teamId, params, installer.path("id").asText());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
