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

    /** {@code SLACK_API_BASE_URL}: Slack's Web API; methods are {@code <base>/<method>}. */
    @WithDefault("https://slack.com/api")
    String slackApiBaseUrl();

    /** {@code SLACK_SIGNING_SECRET} (secret): checks every Slack request; unset: every Slack hook is a 401. */
    Optional<String> slackSigningSecret();

    /** {@code DISCORD_API_BASE_URL}: Discord's REST API; routes ({@code /v8/...} included) under it. */
    @WithDefault("https://discord.com/api")
    String discordApiBaseUrl();

    /** {@code DISCORD_CLIENT_ID}: the application id interactions must carry; command routes use it. */
    Optional<String> discordClientId();

    /** {@code DISCORD_PUBLIC_KEY} (hex): checks every interaction's Ed25519 signature. */
    Optional<String> discordPublicKey();

    /** {@code DISCORD_BOT_TOKEN} (secret): the one bot token of every guild's REST calls. */
    Optional<String> discordBotToken();

    /** The settings by the environment names plugins ask for. */
    default Map<String, String> byName() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("LOOMIO_API_BASE_URL", loomioApiBaseUrl());
        settings.put("OPENCOLLECTIVE_API_BASE_URL", opencollectiveApiBaseUrl());
        settings.put("OPENCOLLECTIVE_WEB_URL", opencollectiveWebUrl());
        publicUrl().ifPresent(url -> settings.put("METAGOV_PUBLIC_URL", url));
        settings.put("SLACK_API_BASE_URL", slackApiBaseUrl());
        slackSigningSecret().ifPresent(secret -> settings.put("SLACK_SIGNING_SECRET", secret));
        settings.put("DISCORD_API_BASE_URL", discordApiBaseUrl());
        discordClientId().ifPresent(id -> settings.put("DISCORD_CLIENT_ID", id));
        discordPublicKey().ifPresent(key -> settings.put("DISCORD_PUBLIC_KEY", key));
        discordBotToken().ifPresent(token -> settings.put("DISCORD_BOT_TOKEN", token));
        return Map.copyOf(settings);
    }
}
