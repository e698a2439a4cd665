package org.metagov.gateway.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;
import org.metagov.gateway.config.AuthConfig;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;

/**
 * The gateway's own driver tokens: RS256 JWTs with {@code iss}, {@code sub} (driver id), {@code jti}, {@code iat},
 * {@code gen} (the driver's token generation) and, for administrators, {@code groups: ["metagov-admin"]}; an
 * {@code exp} only when {@code METAGOV_DRIVER_TOKEN_TTL} is set. Verified with jose4j (the library smallrye-jwt is
 * built on) because smallrye-jwt's parser insists on {@code exp}, which these tokens need not have.
 */
@ApplicationScoped
public class DriverTokens {

    public static final String GENERATION_CLAIM = "gen";

    private final Optional<SigningKey> key;
    private final String issuer;
    private final Optional<Duration> ttl;
    private final JwtConsumer consumer;

    public DriverTokens(AuthConfig config) {
        this.key = config.signingKey().filter(pem -> !pem.isBlank()).map(SigningKey::fromPem);
        this.issuer = config.tokenIssuer();
        this.ttl = config.driverTokenTtl();
        if (key.isEmpty()) {
            Log.warn("No METAGOV_JWT_SIGNING_KEY: the gateway issues no driver tokens and accepts only trusted local "
                    + "callers and the external identity provider, if one is configured");
        }
        this.consumer = key.map(k -> new JwtConsumerBuilder()
                .setVerificationKey(k.publicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(issuer)
                .setRequireSubject()
                .setRequireJwtId()
                .setSkipDefaultAudienceValidation()
                .setAllowedClockSkewInSeconds(30)
                .build()).orElse(null);
    }

    public String issuer() {
        return issuer;
    }

    public boolean canSign() {
        return key.isPresent();
    }

    /** 503 unless the gateway can sign tokens. */
    public SigningKey requireSigningKey() {
        return key.orElseThrow(() -> ApiException.unavailable(
                "The gateway has no signing key (METAGOV_JWT_SIGNING_KEY) and cannot issue tokens"));
    }

    /** A new token for {@code driverId} at {@code generation}; 503 when the gateway has no signing key. */
    public String mint(String driverId, long generation, boolean admin) {
        SigningKey signing = requireSigningKey();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(driverId);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setClaim(GENERATION_CLAIM, generation);
        if (admin) {
            claims.setStringListClaim("groups", List.of(Caller.ADMIN_GROUP));
        }
        ttl.ifPresent(t -> claims.setExpirationTime(NumericDate.fromSeconds(
                NumericDate.now().getValue() + t.toSeconds())));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signing.privateKey());
        jws.setKeyIdHeaderValue(signing.keyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign a driver token", e);
        }
    }

    /** The claims of one of the gateway's own tokens, checked (signature, RS256 only, issuer, expiry if any). */
    public JwtClaims verify(String token) throws InvalidJwtException {
        if (consumer == null) {
            throw new InvalidJwtException("no signing key", List.of(), null);
        }
        return consumer.processToClaims(token);
    }

    public Map<String, Object> jwks() {
        return key.map(SigningKey::jwks).orElse(Map.of("keys", List.of()));
    }
}
