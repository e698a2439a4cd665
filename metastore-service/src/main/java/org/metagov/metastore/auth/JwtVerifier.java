package org.metagov.metastore.auth;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;
import org.metagov.metastore.config.MetastoreConfig;
import org.metagov.metastore.storage.Author;

import io.quarkus.logging.Log;

/**
 * Verifies bearer tokens: HS256 with the shared secret, RS256 with the configured public key or a key
 * from the JWKS URL (by {@code kid}). Any other algorithm, including {@code none}, is refused, so a token
 * cannot choose a weaker check than the one configured. {@code exp} is required; {@code iss} and
 * {@code aud} are enforced when configured.
 */
@ApplicationScoped
public class JwtVerifier {

    /** RFC 7518 asks for an HMAC key at least as long as the hash; shorter secrets still work, with a warning. */
    private static final int MIN_SECRET_BYTES = 32;

    private final JwtConsumer consumer;

    public JwtVerifier(MetastoreConfig config) {
        MetastoreConfig.Jwt jwt = config.jwt();
        Optional<HmacKey> secret = jwt.secret().filter(s -> !s.isBlank())
                .map(s -> new HmacKey(s.getBytes(StandardCharsets.UTF_8)));
        Optional<PublicKey> publicKey = jwt.publicKey().filter(s -> !s.isBlank()).map(PublicKeys::parse);
        Optional<HttpsJwksVerificationKeyResolver> jwks = jwt.jwksUrl().filter(s -> !s.isBlank())
                .map(url -> new HttpsJwksVerificationKeyResolver(new HttpsJwks(url)));
        if (secret.isEmpty() && publicKey.isEmpty() && jwks.isEmpty()) {
            Log.warn("No METASTORE_JWT_SECRET, METASTORE_JWT_PUBLIC_KEY or METASTORE_JWKS_URL configured: "
                    + "every token will be rejected");
        }
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(jwt.clockSkewSeconds())
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT,
                        AlgorithmIdentifiers.HMAC_SHA256, AlgorithmIdentifiers.RSA_USING_SHA256))
                .setVerificationKeyResolver(new ByAlgorithm(secret, publicKey, jwks));
        jwt.issuer().filter(s -> !s.isBlank()).ifPresent(builder::setExpectedIssuer);
        jwt.audience().filter(s -> !s.isBlank()).ifPresentOrElse(builder::setExpectedAudience,
                builder::setSkipDefaultAudienceValidation);
        if (secret.isPresent() && secret.get().getEncoded().length < MIN_SECRET_BYTES) {
            Log.warnf("METASTORE_JWT_SECRET is shorter than %d bytes; use a longer random secret outside development",
                    MIN_SECRET_BYTES);
            builder.setRelaxVerificationKeyValidation();
        }
        this.consumer = builder.build();
    }

    public Caller verify(String token) throws InvalidJwtException {
        JwtClaims claims = consumer.processToClaims(token);
        try {
            String subject = claims.getSubject();
            String name = firstText(clean(claims.getClaimValueAsString("name")), clean(subject), "unknown");
            String email = firstText(clean(claims.getClaimValueAsString("email")), "");
            return new Caller(subject, new Author(name, email), Grants.parse(scopes(claims)), false);
        } catch (MalformedClaimException e) {
            throw new InvalidJwtException("Malformed claim: " + e.getMessage(), List.of(), null);
        }
    }

    /** {@code scopes} as a JSON array of strings or one space-separated string. */
    private static Collection<String> scopes(JwtClaims claims) {
        Object value = claims.getClaimValue("scopes");
        if (value instanceof String s) {
            return List.of(s.trim().split("\\s+"));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** A short reason for the 401 body; never echoes the token's content. */
    public static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "The token has expired";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "The token's issuer (iss) is not accepted";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "The token's audience (aud) is not accepted";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "The token has no expiry (exp)";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "The token's signature is invalid";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "The token is not valid yet (nbf)";
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof UnresolvableKeyException) {
                return t.getMessage();
            }
        }
        return "The token is not a valid JWT for this service";
    }

    private static String clean(String value) {
        // git identities cannot hold angle brackets or line breaks
        return value == null ? null : value.replaceAll("[<>\\p{Cntrl}]", "").trim();
    }

    private static String firstText(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    /** Picks the key from the algorithm the token declares, so each algorithm only ever sees its own key. */
    private record ByAlgorithm(Optional<HmacKey> secret, Optional<PublicKey> publicKey,
            Optional<HttpsJwksVerificationKeyResolver> jwks) implements VerificationKeyResolver {

        @Override
        public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
            String alg = jws.getAlgorithmHeaderValue();
            if (AlgorithmIdentifiers.HMAC_SHA256.equals(alg)) {
                return secret.orElseThrow(() -> new UnresolvableKeyException(
                        "HS256 tokens are not accepted: no shared secret is configured"));
            }
            if (AlgorithmIdentifiers.RSA_USING_SHA256.equals(alg)) {
                if (jwks.isPresent() && (jws.getKeyIdHeaderValue() != null || publicKey.isEmpty())) {
                    try {
                        return jwks.get().resolveKey(jws, nesting);
                    } catch (UnresolvableKeyException e) {
                        if (publicKey.isEmpty()) {
                            throw new UnresolvableKeyException("No key in the JWKS matches the token's kid", e);
                        }
                    }
                }
                return publicKey.orElseThrow(() -> new UnresolvableKeyException(
                        "RS256 tokens are not accepted: no public key or JWKS URL is configured"));
            }
            throw new UnresolvableKeyException("Tokens signed with " + alg + " are not accepted");
        }
    }
}
