package org.metagov.gateway.service;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.metagov.events.DriverAccount;
import org.metagov.gateway.config.AuthConfig;
import org.metagov.gateway.messaging.DriverDirectory;
import org.metagov.outbound.Cidr;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;

/**
 * Who calls /api/internal: a trusted local caller without a token ({@code local}), the gateway's own token (checked
 * against the driver's account: deleted or revoked is refused), or a token of the trusted external identity provider
 * (smallrye-jwt, keys from its JWKS). Everything else is a 401; a bad token is refused even from a trusted address.
 */
@ApplicationScoped
public class Authenticator {

    private static final String BEARER = "Bearer ";
    /** Reads the issuer before choosing the verifier; nothing read here is trusted. */
    private static final JwtConsumer PEEK = new JwtConsumerBuilder().setSkipAllValidators()
            .setDisableRequireSignature().setSkipSignatureVerification().build();

    private final DriverTokens tokens;
    private final DriverDirectory drivers;
    private final List<Cidr> trusted;
    private final Optional<String> externalIssuer;
    private final DefaultJWTParser externalParser;

    public Authenticator(DriverTokens tokens, DriverDirectory drivers, AuthConfig config) {
        this.tokens = tokens;
        this.drivers = drivers;
        this.trusted = config.trustedNetworks().stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(Cidr::parse).toList();
        this.externalIssuer = config.external().issuer().filter(s -> !s.isBlank());
        this.externalParser = externalIssuer.map(issuer -> {
            String jwks = config.external().jwksUrl().filter(s -> !s.isBlank()).orElseThrow(() ->
                    new IllegalStateException("METAGOV_JWT_ISSUER is set but METAGOV_JWT_JWKS_URL is not"));
            JWTAuthContextInfo info = new JWTAuthContextInfo(jwks, issuer);
            info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256,
                    SignatureAlgorithm.PS256));
            config.external().audience().filter(s -> !s.isBlank()).ifPresent(a -> info.setExpectedAudience(Set.of(a)));
            return new DefaultJWTParser(info);
        }).orElse(null);
    }

    /** The caller; fails with a 401 {@link ApiException}. */
    public Uni<Caller> authenticate(String authorization, InetAddress peer) {
        if (authorization == null) {
            if (peer != null && trusted.stream().anyMatch(c -> c.contains(peer))) {
                return Uni.createFrom().item(Caller.local());
            }
            return Uni.createFrom().failure(unauthorized("This call needs a driver token: Authorization: Bearer <JWT>"));
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().failure(unauthorized("The Authorization header is not 'Bearer <JWT>'"));
        }
        String token = authorization.substring(BEARER.length()).trim();
        String issuer;
        try {
            issuer = PEEK.processToClaims(token).getIssuer();
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Uni.createFrom().failure(unauthorized("The token is not a JWT"));
        }
        if (tokens.issuer().equals(issuer)) {
            return Uni.createFrom().item(() -> own(token));
        }
        if (externalIssuer.isPresent() && externalIssuer.get().equals(issuer)) {
            // the first use of the provider's JWKS fetches it: not on the event loop
            return Uni.createFrom().item(() -> external(token)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().failure(unauthorized("The token's issuer is not trusted here"));
    }

    private Caller own(String token) {
        JwtClaims claims;
        String driverId;
        long generation;
        boolean admin;
        try {
            claims = tokens.verify(token);
            driverId = claims.getSubject();
            Number gen = claims.getClaimValue(DriverTokens.GENERATION_CLAIM, Number.class);
            if (gen == null) {
                throw unauthorized("The token has no " + DriverTokens.GENERATION_CLAIM + " claim");
            }
            generation = gen.longValue();
            admin = claims.isClaimValueStringList("groups") && claims.getStringListClaimValue("groups")
                    .contains(Caller.ADMIN_GROUP);
        } catch (InvalidJwtException e) {
            throw unauthorized(e.hasExpired() ? "The token has expired" : "The token is not valid");
        } catch (MalformedClaimException e) {
            throw unauthorized("The token has a malformed claim");
        }
        Optional<DriverAccount> account = drivers.find(driverId);
        if (account.isEmpty() && !admin) {
            // a deleted driver, or one this replica has not read yet (seconds after its creation)
            throw unauthorized("The token's driver does not exist");
        }
        if (account.isPresent() && generation < account.get().generation()) {
            throw unauthorized("The token has been revoked");
        }
        return new Caller(driverId, admin);
    }

    private Caller external(String token) {
        try {
            JsonWebToken jwt = externalParser.parse(token);
            if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
                throw unauthorized("The token has no subject");
            }
            return new Caller(jwt.getSubject(), jwt.getGroups().contains(Caller.ADMIN_GROUP));
        } catch (ParseException e) {
            Log.debugf("External token refused: %s", e.getMessage());
            throw unauthorized("The token is not valid");
        }
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }
}
