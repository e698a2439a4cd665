package org.metagov.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the gateway authenticates drivers on /api/internal (README "Authentication"). */
@ConfigMapping(prefix = "metagov.auth")
public interface AuthConfig {

    /** The RS256 private key (PKCS#8 PEM) the gateway signs driver tokens with ({@code METAGOV_JWT_SIGNING_KEY}). */
    Optional<String> signingKey();

    /** The {@code iss} of the gateway's own tokens. */
    @WithDefault("metagov-gateway")
    String tokenIssuer();

    /** How long a driver token is valid; unset: it does not expire (revoke it instead). */
    Optional<Duration> driverTokenTtl();

    /** Peers (socket address, never X-Forwarded-For) whose calls without a token act as the driver {@code local}. */
    @WithDefault("127.0.0.0/8,::1")
    List<String> trustedNetworks();

    /**
     * The redirect-URI prefixes of the driver {@code local} for OAuth starts ({@code METAGOV_LOCAL_REDIRECT_URIS});
     * unset: any http URI on {@code localhost} or {@code 127.0.0.1}, whatever its port.
     */
    Optional<List<String>> localRedirectUris();

    /** An external identity provider trusted besides the gateway's own tokens (the driver is the subject). */
    External external();

    interface External {
        /** Its {@code iss}; unset: only the gateway's own tokens are accepted. */
        Optional<String> issuer();

        /** Where its public keys are ({@code .../protocol/openid-connect/certs} for Keycloak). */
        Optional<String> jwksUrl();

        /** The {@code aud} its tokens must carry for this gateway, if any. */
        Optional<String> audience();
    }
}
