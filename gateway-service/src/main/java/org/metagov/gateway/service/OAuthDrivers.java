package org.metagov.gateway.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.web.ApiException;

/**
 * Which driver an OAuth start ({@code /auth/{plugin}/authorize}, a browser navigation without a token) belongs to,
 * by its {@code redirect_uri}: {@link OAuthAttribution}'s rule (the longest registered prefix at a boundary, or
 * {@code local} by {@code METAGOV_LOCAL_REDIRECT_URIS}).
 */
public interface OAuthDrivers {

    /** The driver id, or empty when no driver registered a prefix of {@code redirectUri} (a 400, nothing stored). */
    Optional<String> driverFor(String redirectUri);

    @ApplicationScoped
    class ByRegisteredRedirects implements OAuthDrivers {

        private final OAuthAttribution attribution;

        public ByRegisteredRedirects(OAuthAttribution attribution) {
            this.attribution = attribution;
        }

        @Override
        public Optional<String> driverFor(String redirectUri) {
            try {
                return Optional.of(attribution.attribute(redirectUri, null).driverId());
            } catch (ApiException e) {
                return Optional.empty(); // unregistered, ambiguous or not a URI: the caller answers 400
            }
        }
    }
}
