package org.metagov.runner.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.http.PlatformHttp;

/**
 * The GitHub App install. GitHub returns {@code installation_id} through the browser, so anyone holding a valid
 * state could claim any installation: the App requests user authorization during install, and the callback
 * accepts the installation only if it is in {@code GET /user/installations} of the user who authorized
 * ({@code code} exchanged for a user token), else {@code github_installation_not_owned}.
 */
final class GitHubInstall implements OAuthFlow {

    private final PlatformHttp http;
    private final AppInstallations app;

    /** The App's view of an installation ({@code GET /app/installations/{id}} with the App JWT). */
    interface AppInstallations {
        JsonNode installation(String installationId);
    }

    GitHubInstall(PlatformHttp http, AppInstallations app) {
        this.http = http;
        this.app = app;
    }

    @Override
    public String plugin() {
        return "github";
    }

    @Override
    public String authorizeUrl(String type, String state, String callbackUrl, Map<String, String> settings) {
        if (!"app".equals(type)) {
            throw new Refused("github_user_login_not_supported", "GitHub is installed as an App, not logged in");
        }
        return OAuthFlow.trimmed(settings.getOrDefault("GITHUB_WEB_BASE_URL", "https://github.com")) + "/apps/"
                + URLEncoder.encode(OAuthFlow.required(settings, "GITHUB_APP_NAME"), StandardCharsets.UTF_8)
                + "/installations/new?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    @Override
    public Completed complete(String type, JsonNode query, String callbackUrl, Map<String, String> settings) {
        String installation = query.path("installation_id").asText("");
        String code = query.path("code").asText("");
        if (installation.isEmpty() || !installation.chars().allMatch(Character::isDigit)) {
            throw new Refused("server_error", "GitHub sent no installation_id");
        }
        if (code.isEmpty()) {
            // the App must "Request user authorization (OAuth) during installation": without it, no proof
            throw new Refused("github_installation_not_owned", "GitHub sent no user authorization code");
        }
        String web = OAuthFlow.trimmed(settings.getOrDefault("GITHUB_WEB_BASE_URL", "https://github.com"));
        String api = OAuthFlow.trimmed(settings.getOrDefault("GITHUB_API_BASE_URL", "https://api.github.com"));
        JsonNode token = http.sendForm("POST", web + "/login/oauth/access_token", Map.of(
                "client_id", List.of(OAuthFlow.required(settings, "GITHUB_CLIENT_ID")),
                "client_secret", List.of(OAuthFlow.required(settings, "GITHUB_CLIENT_SECRET")),
                "code", List.of(code)), Map.of("Accept", "application/json")).requireSuccess().json();
        String userToken = token.path("access_token").asText("");
        if (userToken.isEmpty()) {
            throw new Refused(token.path("error").asText("server_error"), "GitHub refused the authorization code");
        }
        JsonNode mine = http.get(api + "/user/installations?per_page=100", Map.of("Authorization",
                "token " + userToken, "Accept", "application/vnd.github.v3+json")).requireSuccess().json();
        boolean owned = false;
        for (JsonNode each : mine.path("installations")) {
            owned |= installation.equals(each.path("id").asText());
        }
        if (!owned) {
            throw new Refused("github_installation_not_owned",
                    "The installation is not one of the authorizing user's installations");
        }
        JsonNode found = app.installation(installation);
        ObjectNode config = Json.object().put("owner", found.path("account").path("login").asText())
                .put("installation_id", installation);
        return new Completed(config, installation, Map.of(), null);
    }
}
