package org.metagov.runner.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.outbound.AddressPolicy;
import org.metagov.outbound.OutboundClient;
import org.metagov.runner.plugins.FakeGitHub;
import org.metagov.runner.plugins.github.GitHubApp;
import org.metagov.sdk.Json;
import org.metagov.sdk.http.OutboundPlatformHttp;
import org.metagov.sdk.http.PlatformHttp;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.FakePlatform.Reply;

/** The platforms' half of the OAuth installs, against fakes that answer as GitHub, Slack and Discord do. */
class OAuthFlowsTest {

    static final String CALLBACK = "https://metagov.example/auth/x/callback";

    final PlatformHttp http = new OutboundPlatformHttp(new OutboundClient(AddressPolicy.of(true, false, List.of()),
            OutboundClient.Settings.defaults("test")), outcome -> { });
    FakeGitHub github;
    FakePlatform slack;
    FakePlatform discord;
    Map<String, String> settings;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub();
        slack = FakePlatform.start();
        discord = FakePlatform.start();
        settings = new HashMap<>(Map.of("GITHUB_APP_ID", FakeGitHub.APP_ID, "GITHUB_PRIVATE_KEY",
                github.privateKeyPem(), "GITHUB_API_BASE_URL", github.platform.url(), "GITHUB_WEB_BASE_URL",
                github.platform.url(), "GITHUB_APP_NAME", "metagov-app", "GITHUB_CLIENT_ID", "Iv1.abc",
                "GITHUB_CLIENT_SECRET", "gh-client-secret", "SLACK_CLIENT_ID", "111.222", "SLACK_CLIENT_SECRET",
                "slack-secret", "SLACK_API_BASE_URL", slack.url() + "/api"));
        settings.putAll(Map.of("SLACK_OAUTH_BASE_URL", slack.url(), "DISCORD_CLIENT_ID", "800000000000000001",
                "DISCORD_CLIENT_SECRET", "discord-secret", "DISCORD_OAUTH_BASE_URL", discord.url() + "/api",
                "DISCORD_API_BASE_URL", discord.url() + "/api"));
    }

    @AfterEach
    void stop() {
        github.close();
        slack.close();
        discord.close();
    }

    GitHubInstall gitHub() {
        return new GitHubInstall(http, id -> new GitHubApp(http, github.platform.url(), FakeGitHub.APP_ID,
                github.privateKeyPem()).installation(id));
    }

    void userOwns(String... installations) {
        github.platform.respond("POST", "/login/oauth/access_token", request -> request.body().contains("code=good")
                && request.body().contains("client_secret=gh-client-secret")
                ? Reply.json(200, "{\"access_token\": \"ghu_user\", \"token_type\": \"bearer\"}")
                : Reply.json(200, "{\"error\": \"bad_verification_code\"}"));
        StringBuilder list = new StringBuilder();
        for (String id : installations) {
            list.append(list.length() == 0 ? "" : ",").append("{\"id\": ").append(id).append("}");
        }
        github.platform.respond("GET", "/user/installations", request -> "token ghu_user".equals(
                request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                        .findFirst().orElseThrow().getValue().get(0))
                ? Reply.json(200, "{\"total_count\": " + installations.length + ", \"installations\": [" + list + "]}")
                : Reply.json(401, "{\"message\": \"Bad credentials\"}"));
    }

    @Test
    void gitHubSendsTheBrowserToTheAppsInstallPageWithOurState() {
        URI url = URI.create(gitHub().authorizeUrl("app", "s.t", CALLBACK, settings));
        assertEquals("/apps/metagov-app/installations/new", url.getPath());
        assertEquals("state=s.t", url.getQuery());
    }

    @Test
    void gitHubAcceptsAnInstallationOfTheAuthorizingUser() {
        userOwns("12", FakeGitHub.INSTALLATION);
        OAuthFlow.Completed done = gitHub().complete("app", Json.object().put("installation_id", "77")
                .put("setup_action", "install").put("code", "good"), CALLBACK, settings);
        assertEquals(Json.object().put("owner", "acme").put("installation_id", "77"), done.config());
        assertEquals("77", done.platformId());
    }

    @Test
    void gitHubRefusesAnInstallationTheUserDoesNotHaveOrNoProof() {
        userOwns("12");
        assertEquals("github_installation_not_owned", assertThrows(OAuthFlow.Refused.class, () -> gitHub()
                .complete("app", Json.object().put("installation_id", "77").put("code", "good"), CALLBACK,
                        settings)).code);
        assertEquals("github_installation_not_owned", assertThrows(OAuthFlow.Refused.class, () -> gitHub()
                .complete("app", Json.object().put("installation_id", "77"), CALLBACK, settings)).code);
        assertEquals("bad_verification_code", assertThrows(OAuthFlow.Refused.class, () -> gitHub()
                .complete("app", Json.object().put("installation_id", "77").put("code", "stolen"), CALLBACK,
                        settings)).code);
        assertTrue(github.requests("GET", "/app/installations/77").isEmpty(), "nothing asked as the App");
    }

    void slackAnswers(boolean admin) {
        slack.respond("POST", "/api/oauth.v2.access", request -> request.body().contains("client_secret=slack-secret")
                ? Reply.json(200, """
                        {"ok": true, "access_token": "xoxb-bot", "token_type": "bot", "scope": "chat:write",
                         "bot_user_id": "U0BOT", "app_id": "A01", "team": {"id": "T0123ABC", "name": "Acme"},
                         "authed_user": {"id": "U111", "scope": "chat:write", "access_token": "xoxp-user",
                                         "token_type": "user"}}""")
                : Reply.json(200, "{\"ok\": false, \"error\": \"invalid_client\"}"));
        slack.respond("GET", "/api/users.info", request -> Reply.json(200, "{\"ok\": true, \"user\": {\"id\": \"U111\","
                + " \"is_admin\": " + admin + "}}"));
    }

    @Test
    void slackInstallsByAnAdminWithTheTokensAsConfig() {
        slackAnswers(true);
        SlackInstall flow = new SlackInstall(http);
        URI consent = URI.create(flow.authorizeUrl("app", "st", CALLBACK, settings));
        assertEquals("/oauth/v2/authorize", consent.getPath());
        assertTrue(consent.getQuery().contains("client_id=111.222") && consent.getQuery().contains("state=st"));
        OAuthFlow.Completed done = flow.complete("app", Json.object().put("code", "c"), CALLBACK, settings);
        assertEquals("T0123ABC", done.platformId());
        assertEquals("xoxb-bot", done.config().path("bot_token").asText());
        assertEquals("U0BOT", done.config().path("bot_user_id").asText());
        assertEquals("U111", done.linkedUser());
        assertEquals(Map.of("user_id", "U111", "user_token", "xoxp-user"), done.params());
        assertEquals("Bearer xoxb-bot", slack.requests().stream().filter(r -> r.path().equals("/api/users.info"))
                .findFirst().orElseThrow().headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Authorization")).findFirst().orElseThrow().getValue().get(0));
    }

    @Test
    void slackRefusesANonAdminAndALoginEnablesNothing() {
        slackAnswers(false);
        SlackInstall flow = new SlackInstall(http);
        assertEquals("slack_installer_is_not_admin", assertThrows(OAuthFlow.Refused.class,
                () -> flow.complete("app", Json.object().put("code", "c"), CALLBACK, settings)).code);
        OAuthFlow.Completed login = flow.complete("user", Json.object().put("code", "c"), CALLBACK, settings);
        assertEquals(null, login.config());
        assertEquals("T0123ABC", login.params().get("team_id"));
    }

    @Test
    void discordInstallsIntoTheGuildTheTokenNames() {
        discord.respond("POST", "/api/oauth2/token", request -> Reply.json(200, """
                {"access_token": "dc-user", "refresh_token": "r", "token_type": "Bearer", "scope": "bot identify",
                 "guild": {"id": "822222222222222222", "name": "Acme"}}"""));
        discord.respond("GET", "/api/users/@me", request -> Reply.json(200, "{\"id\": \"100000000000000002\","
                + " \"username\": \"miri\"}"));
        discord.respond("GET", "/api/users/@me/guilds", request -> Reply.json(200,
                "[{\"id\": \"822222222222222222\", \"name\": \"Acme\"}, {\"id\": \"9\", \"name\": \"Other\"}]"));
        DiscordInstall flow = new DiscordInstall(http, () -> Set.of("822222222222222222"));
        assertTrue(flow.authorizeUrl("app", "st", CALLBACK, settings).contains("scope=applications.commands+bot"));
        OAuthFlow.Completed done = flow.complete("app", Json.object().put("code", "c"), CALLBACK, settings);
        assertEquals("822222222222222222", done.config().path("guild_id").asText());
        assertEquals("822222222222222222", done.params().get("guild_id"));
        OAuthFlow.Completed login = flow.complete("user", Json.object().put("code", "c"), CALLBACK, settings);
        assertEquals(List.of("822222222222222222:Acme"), login.params().get("guild[]"));
        assertTrue(discord.requests().get(0).body().contains("grant_type=authorization_code"));
    }
}
