package org.metagov.runner.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import org.metagov.runner.config.PlatformSettingsConfig;

/**
 * Checks the app platforms' settings at start: an OAuth app configured (GitHub App, Slack or Discord client id)
 * without {@code METAGOV_PUBLIC_URL} cannot build its callback URL, so the runner does not start; without
 * {@code GITHUB_WEBHOOK_SECRET} every GitHub hook is refused, said once here rather than per hook.
 */
@ApplicationScoped
public class AppSettingsCheck {

    void onStart(@Observes StartupEvent start, PlatformSettingsConfig settings, PluginRegistry plugins) {
        PlatformSettingsConfig.Apps apps = settings.apps();
        String oauthApp = apps.githubAppId().isPresent() ? "GITHUB_APP_ID"
                : apps.slackClientId().isPresent() ? "SLACK_CLIENT_ID"
                : apps.discordClientId().isPresent() ? "DISCORD_CLIENT_ID" : null;
        if (oauthApp != null && settings.publicUrl().filter(url -> !url.isBlank()).isEmpty()) {
            throw new IllegalStateException(oauthApp + " is set (an OAuth app is enabled) but METAGOV_PUBLIC_URL is not:"
                    + " set it to this deployment's public base URL (the apps' OAuth callback is"
                    + " METAGOV_PUBLIC_URL/auth/<plugin>/callback)");
        }
        if (plugins.find("github").isPresent() && apps.githubWebhookSecret().isEmpty()) {
            Log.warn("GITHUB_WEBHOOK_SECRET is not set: every GitHub hook (/api/hooks/github) is refused with 401 until"
                    + " it is set to the GitHub App's webhook secret");
        }
    }
}
