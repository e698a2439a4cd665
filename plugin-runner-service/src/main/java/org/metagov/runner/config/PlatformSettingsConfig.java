package org.metagov.runner.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Deployment-wide settings plugins read by their environment name ({@code setting("LOOMIO_API_BASE_URL")}): the
 * addresses of hosted platforms, so tests and private installations can point elsewhere, and this deployment's public
 * URL, where platforms post hooks. Only these reach plugins; they are the operator's, never a community's.
 */
@ConfigMapping(prefix = "metagov.platforms")
public interface PlatformSettingsConfig {

    /** {@code LOOMIO_API_BASE_URL}: the Loomio site root; the API is {@code /api/b1/...} under it, polls {@code /p/{key}}. */
    @WithDefault("https://www.loomio.org")
    String loomioApiBaseUrl();

    /** {@code OPENCOLLECTIVE_API_BASE_URL}: the full GraphQL endpoint. */
    @WithDefault("https://api.opencollective.com/graphql/v2")
    String opencollectiveApiBaseUrl();

    /** {@code OPENCOLLECTIVE_WEB_URL}: the web site, for the links in results. */
    @WithDefault("https://opencollective.com")
    String opencollectiveWebUrl();

    /** {@code METAGOV_PUBLIC_URL}: where platforms reach this deployment's {@code /api/hooks/...}; unset: none. */
    Optional<String> publicUrl();

    /** The GitHub App, the Slack and Discord apps' OAuth (issue 16); each unset by default. */
    Apps apps();

    /** Set from the environment variables of the same names ({@code GITHUB_APP_ID}...: application.properties). */
    interface Apps {
        Optional<String> githubAppId();

        Optional<String> githubAppName();

        /** The App's OAuth client (its "Client ID" and a client secret): the install's user authorization. */
        Optional<String> githubClientId();

        Optional<String> githubClientSecret();

        /** The App's private key, PEM (PKCS#1 as GitHub gives it, or PKCS#8). */
        Optional<String> githubPrivateKey();

        /** Every GitHub hook is checked against it; unset: every GitHub hook is refused. */
        Optional<String> githubWebhookSecret();

        @WithDefault("https://api.github.com")
        String githubApiBaseUrl();

        @WithDefault("https://github.com")
        String githubWebBaseUrl();

        Optional<String> slackClientId();

        Optional<String> slackClientSecret();

        /** {@code SLACK_SIGNING_SECRET} (secret): checks every Slack request; unset: every Slack hook is a 401. */
        Optional<String> slackSigningSecret();

        @WithDefault("https://slack.com")
        String slackOauthBaseUrl();

        @WithDefault("https://slack.com/api")
        String slackApiBaseUrl();

        Optional<String> discordClientId();

        Optional<String> discordClientSecret();

        /** {@code DISCORD_PUBLIC_KEY} (hex): checks every interaction's Ed25519 signature. */
        Optional<String> discordPublicKey();

        /** {@code DISCORD_BOT_TOKEN} (secret): the one bot token of every guild's REST calls. */
        Optional<String> discordBotToken();

        @WithDefault("https://discordapp.com/api")
        String discordOauthBaseUrl();

        @WithDefault("https://discord.com/api")
        String discordApiBaseUrl();

        /** Bot permissions asked for at a Discord install (upstream's DISCORD_PERMISSIONS). */
        @WithDefault("0")
        String discordPermissions();
    }

    /** The settings by the environment names plugins ask for. */
    default Map<String, String> byName() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("LOOMIO_API_BASE_URL", loomioApiBaseUrl());
        settings.put("OPENCOLLECTIVE_API_BASE_URL", opencollectiveApiBaseUrl());
        settings.put("OPENCOLLECTIVE_WEB_URL", opencollectiveWebUrl());
        publicUrl().ifPresent(url -> settings.put("METAGOV_PUBLIC_URL", url));
        Apps apps = apps();
        apps.githubAppId().ifPresent(v -> settings.put("GITHUB_APP_ID", v));
        apps.githubAppName().ifPresent(v -> settings.put("GITHUB_APP_NAME", v));
        apps.githubClientId().ifPresent(v -> settings.put("GITHUB_CLIENT_ID", v));
        apps.githubClientSecret().ifPresent(v -> settings.put("GITHUB_CLIENT_SECRET", v));
        apps.githubPrivateKey().ifPresent(v -> settings.put("GITHUB_PRIVATE_KEY", v));
        apps.githubWebhookSecret().ifPresent(v -> settings.put("GITHUB_WEBHOOK_SECRET", v));
        settings.put("GITHUB_API_BASE_URL", apps.githubApiBaseUrl());
        settings.put("GITHUB_WEB_BASE_URL", apps.githubWebBaseUrl());
        apps.slackClientId().ifPresent(v -> settings.put("SLACK_CLIENT_ID", v));
        apps.slackClientSecret().ifPresent(v -> settings.put("SLACK_CLIENT_SECRET", v));
        apps.slackSigningSecret().ifPresent(v -> settings.put("SLACK_SIGNING_SECRET", v));
        settings.put("SLACK_OAUTH_BASE_URL", apps.slackOauthBaseUrl());
        settings.put("SLACK_API_BASE_URL", apps.slackApiBaseUrl());
        apps.discordClientId().ifPresent(v -> settings.put("DISCORD_CLIENT_ID", v));
        apps.discordClientSecret().ifPresent(v -> settings.put("DISCORD_CLIENT_SECRET", v));
        apps.discordPublicKey().ifPresent(v -> settings.put("DISCORD_PUBLIC_KEY", v));
        apps.discordBotToken().ifPresent(v -> settings.put("DISCORD_BOT_TOKEN", v));
        settings.put("DISCORD_OAUTH_BASE_URL", apps.discordOauthBaseUrl());
        settings.put("DISCORD_API_BASE_URL", apps.discordApiBaseUrl());
        settings.put("DISCORD_PERMISSIONS", apps.discordPermissions());
        return Map.copyOf(settings);
    }
}
