package org.metagov.metastore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * RS256 keys generated for one test class: one configured as {@code metastore.jwt.public-key} (PEM), one published
 * by a local JWKS endpoint ({@code metastore.jwt.jwks-url}) under key id {@value #JWKS_KID}, and one nobody trusts.
 * The private keys reach the test as config values {@code test.rsa.*} (base64 PKCS#8).
 */
public class RsaKeys implements QuarkusTestResourceLifecycleManager {

    public static final String JWKS_KID = "jwks-key-1";

    private final TempDataDir dataDir = new TempDataDir();
    private HttpServer jwks;

    @Override
    public Map<String, String> start() {
        KeyPair configured = generate();
        KeyPair published = generate();
        KeyPair stranger = generate();
        try {
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) published.getPublic());
            jwk.setKeyId(JWKS_KID);
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            byte[] body = new JsonWebKeySet(jwk).toJson().getBytes(StandardCharsets.UTF_8);
            jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            jwks.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            jwks.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(configured.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Map<String, String> config = new HashMap<>(dataDir.start());
        config.put("metastore.jwt.public-key", pem);
        config.put("metastore.jwt.jwks-url", "http://127.0.0.1:" + jwks.getAddress().getPort()
                + "/.well-known/jwks.json");
        config.put("test.rsa.configured", encode(configured));
        config.put("test.rsa.published", encode(published));
        config.put("test.rsa.stranger", encode(stranger));
        return config;
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

    private static String encode(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    }

    @Override
    public void stop() {
        if (jwks != null) {
            jwks.stop(0);
        }
        dataDir.stop();
    }
}
