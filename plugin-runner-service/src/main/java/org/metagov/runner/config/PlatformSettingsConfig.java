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

    /** The settings by the environment names plugins ask for. */
    default Map<String, String> byName() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("LOOMIO_API_BASE_URL", loomioApiBaseUrl());
        settings.put("OPENCOLLECTIVE_API_BASE_URL", opencollectiveApiBaseUrl());
        settings.put("OPENCOLLECTIVE_WEB_URL", opencollectiveWebUrl());
        publicUrl().ifPresent(url -> settings.put("METAGOV_PUBLIC_URL", url));
        return Map.copyOf(settings);
    }
}
