package org.metagov.metastore.support;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;

/**
 * Tokens as a driver would mint them. The HS256 secret, issuer and audience are the ones the %test profile of
 * application.properties configures.
 */
public final class Tokens {

    public static final String SECRET = "test-secret-of-at-least-thirty-two-bytes!";
    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "metastore";

    private Tokens() {
    }

    /** A valid HS256 token for Alice with these scopes (a JSON list). */
    public static String hs256(String... scopes) {
        return token().scopes(scopes).hs256();
    }

    /** Everything on every dataset. */
    public static String admin() {
        return token().name("Admin").email("admin@example.org").scopes("ds:*:*").hs256();
    }

    public static Builder token() {
        return new Builder();
    }

    public static final class Builder {
        private final JwtClaims claims = new JwtClaims();

        Builder() {
            claims.setSubject("alice-id");
            claims.setClaim("name", "Alice");
            claims.setClaim("email", "alice@example.org");
            claims.setIssuer(ISSUER);
            claims.setAudience(AUDIENCE);
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(10);
        }

        public Builder scopes(String... scopes) {
            claims.setStringListClaim("scopes", List.of(scopes));
            return this;
        }

        /** The space-separated string form of the scopes claim. */
        public Builder scopeString(String scopes) {
            claims.setStringClaim("scopes", scopes);
            return this;
        }

        public Builder name(String name) {
            set("name", name);
            return this;
        }

        public Builder email(String email) {
            set("email", email);
            return this;
        }

        public Builder sub(String sub) {
            set("sub", sub);
            return this;
        }

        public Builder iss(String iss) {
            set("iss", iss);
            return this;
        }

        public Builder aud(String aud) {
            set("aud", aud);
            return this;
        }

        /** Expiry relative to now, in seconds (negative: already expired). */
        public Builder expiresIn(long seconds) {
            long exp = NumericDate.now().getValue() + seconds;
            claims.setExpirationTime(NumericDate.fromSeconds(exp));
            claims.setIssuedAt(NumericDate.fromSeconds(Math.min(exp, NumericDate.now().getValue()) - 600));
            return this;
        }

        public Builder noExpiry() {
            claims.unsetClaim("exp");
            return this;
        }

        private void set(String claim, String value) {
            if (value == null) {
                claims.unsetClaim(claim);
            } else {
                claims.setClaim(claim, value);
            }
        }

        public String hs256() {
            return hs256(SECRET);
        }

        public String hs256(String secret) {
            return sign(AlgorithmIdentifiers.HMAC_SHA256, new HmacKey(secret.getBytes(StandardCharsets.UTF_8)),
                    null);
        }

        /** RS256 with a PKCS#8 private key given as base64, optionally naming a key id. */
        public String rs256(String privateKeyBase64, String kid) {
            try {
                Key key = KeyFactory.getInstance("RSA").generatePrivate(
                        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64)));
                return sign(AlgorithmIdentifiers.RSA_USING_SHA256, key, kid);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** An unsigned token ({@code alg: none}), which must never be accepted. */
        public String unsigned() {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
            jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
            try {
                return jws.getCompactSerialization();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private String sign(String alg, Key key, String kid) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(alg);
            jws.setKey(key);
            if (kid != null) {
                jws.setKeyIdHeaderValue(kid);
            }
            jws.setDoKeyValidation(false);
            try {
                return jws.getCompactSerialization();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
