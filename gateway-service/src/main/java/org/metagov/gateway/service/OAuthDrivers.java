package org.metagov.gateway.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.events.DriverAccount;
import org.metagov.gateway.messaging.DriverDirectory;

/**
 * Which driver an OAuth start ({@code /auth/{plugin}/authorize}, a browser navigation without a token) belongs to:
 * the driver one of whose registered {@code redirect_uris} is a prefix of the given {@code redirect_uri} (the
 * longest wins). A minimal stand-in for the tenancy work's attribution service: one interface, so the two can be
 * joined.
 */
public interface OAuthDrivers {

    /** The driver id, or empty when no driver registered a prefix of {@code redirectUri} (a 400, nothing stored). */
    Optional<String> driverFor(String redirectUri);

    @ApplicationScoped
    class ByRegisteredRedirects implements OAuthDrivers {

        private final DriverDirectory drivers;

        public ByRegisteredRedirects(DriverDirectory drivers) {
            this.drivers = drivers;
        }

        @Override
        public Optional<String> driverFor(String redirectUri) {
            String best = null;
            int bestLength = -1;
            for (DriverAccount driver : drivers.values()) {
                for (String prefix : driver.redirectUris() == null ? java.util.List.<String>of() : driver.redirectUris()) {
                    if (matches(prefix, redirectUri) && prefix.length() > bestLength) {
                        best = driver.id();
                        bestLength = prefix.length();
                    }
                }
            }
            return Optional.ofNullable(best);
        }

        /** A prefix ends at a path boundary: {@code https://pk.example/slack} does not admit {@code .../slackevil}. */
        static boolean matches(String prefix, String uri) {
            if (prefix == null || prefix.isEmpty() || !uri.startsWith(prefix)) {
                return false;
            }
            if (uri.length() == prefix.length() || prefix.endsWith("/")) {
                return true;
            }
            char next = uri.charAt(prefix.length());
            return next == '/' || next == '?';
        }
    }
}
