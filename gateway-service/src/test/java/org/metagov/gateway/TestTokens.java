package org.metagov.gateway;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The gateway's signing key for a test (generated, never committed) and tokens made with it or with another key,
 * as a driver, an attacker or an expired session would send them.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "metagov-gateway";
    static final String INTERNAL_KEY = "test-internal-key-not-for-production";
    static final KeyPair KEY = generate();
    static final KeyPair OTHER_KEY = generate();

    @Override
    public Map<String, String> start() {
        return Map.of("metagov.auth.signing-key", pem(KEY));
    }

    @Override
    public void stop() {
    }

    /** A token of the gateway's own form: sub, jti, iat, gen (and groups for an admin). */
    static String token(String driverId, long generation, boolean admin) {
        return sign(KEY, claims(ISSUER, driverId, generation, admin, null), AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    static String admin() {
        return token("admin", 0, true);
    }

    static String signedByAnotherKey(String driverId) {
        return sign(OTHER_KEY, claims(ISSUER, driverId, 1, true, null), AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    static String expired(String driverId) {
        return sign(KEY, claims(ISSUER, driverId, 1, true, NumericDate.fromSeconds(NumericDate.now().getValue() - 3600)),
                AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    static String wrongIssuer(String driverId) {
        return sign(KEY, claims("https://someone-else.example", driverId, 1, true, null),
                AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    /** {@code alg: none}: no signature at all, claims an admin. */
    static String unsigned(String driverId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims(ISSUER, driverId, 1, true, null).toJson().getBytes(StandardCharsets.UTF_8))
                + ".";
    }

    private static JwtClaims claims(String issuer, String subject, long generation, boolean admin, NumericDate exp) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setClaim("gen", generation);
        if (admin) {
            claims.setStringListClaim("groups", List.of("metagov-admin"));
        }
        if (exp != null) {
            claims.setExpirationTime(exp);
        }
        return claims;
    }

    private static String sign(KeyPair key, JwtClaims claims, String alg) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivate());
        jws.setAlgorithmHeaderValue(alg);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(KeyPair key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                        key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
