package org.metagov.gateway;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An identity provider as Keycloak presents itself to the gateway: its keys at a JWKS URL, tokens with its issuer,
 * an audience, an expiry and groups. Also the owners (FakeOwners) and an untrusted loopback.
 */
public class FakeIdentityProvider implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "https://idp.test/realms/metagov";
    static final String AUDIENCE = "metagov-gateway";
    private static final String KID = "idp-key-1";

    private HttpServer server;
    private final FakeOwners owners = new FakeOwners();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/certs", exchange -> {
            byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Map<String, String> config = new java.util.HashMap<>(owners.start());
        config.put("metagov.auth.external.issuer", ISSUER);
        config.put("metagov.auth.external.jwks-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/certs");
        config.put("metagov.auth.external.audience", AUDIENCE);
        config.put("metagov.auth.trusted-networks", "192.0.2.0/24");
        return config;
    }

    @Override
    public void stop() {
        owners.stop();
        if (server != null) {
            server.stop(0);
        }
    }

    /** A client-credentials access token of the provider, signed with its key (TestTokens.OTHER_KEY). */
    static String token(String subject, String issuer, String audience, long expiresInSeconds, List<String> groups) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setAudience(audience);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + expiresInSeconds));
        claims.setStringListClaim("groups", groups);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(TestTokens.OTHER_KEY.getPrivate());
        jws.setKeyIdHeaderValue(KID);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwks() {
        RSAPublicKey key = (RSAPublicKey) TestTokens.OTHER_KEY.getPublic();
        return "{\"keys\": [{\"kty\": \"RSA\", \"use\": \"sig\", \"alg\": \"RS256\", \"kid\": \"" + KID + "\", \"n\": \""
                + b64(key.getModulus()) + "\", \"e\": \"" + b64(key.getPublicExponent()) + "\"}]}";
    }

    private static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
