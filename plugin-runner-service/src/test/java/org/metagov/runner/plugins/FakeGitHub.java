package org.metagov.runner.plugins;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.FakePlatform.Reply;

/**
 * GitHub as a GitHub App sees it (shared/platforms/github.md): App JWTs checked (RS256 against the App's public key,
 * {@code iss}, expiry), installation tokens issued with an expiry, issues, reactions and comments of one repository
 * {@code acme/gov}. {@code expireTokensNow} makes GitHub answer 401 to the tokens issued so far (revoked early).
 */
public final class FakeGitHub implements AutoCloseable {

    public static final String APP_ID = "4242";
    public static final String INSTALLATION = "77";

    public final FakePlatform platform = FakePlatform.start();
    private final KeyPair keys;
    private final AtomicInteger tokens = new AtomicInteger();
    private volatile int validFrom = 1;
    public volatile String reactions = "[]";
    public volatile String comments = "[]";

    public FakeGitHub() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        platform.respond("POST", "/app/installations/" + INSTALLATION + "/access_tokens", request -> {
            if (!validJwt(request)) {
                return Reply.json(401, "{\"message\": \"A JSON web token could not be decoded\"}");
            }
            int n = tokens.incrementAndGet();
            return Reply.json(201, "{\"token\": \"ghs_" + n + "\", \"expires_at\": \""
                    + Instant.now().plusSeconds(3600).toString().replaceAll("\\.\\d+", "") + "\", \"permissions\": "
                    + "{\"issues\": \"write\"}, \"repository_selection\": \"all\"}");
        });
        platform.respond("GET", "/app/installations/" + INSTALLATION, request -> validJwt(request)
                ? Reply.json(200, "{\"id\": 77, \"target_type\": \"Organization\", \"account\": {\"login\": \"acme\","
                        + " \"id\": 777, \"type\": \"Organization\"}}")
                : Reply.json(401, "{\"message\": \"Bad credentials\"}"));
        platform.respond("POST", "/repos/acme/gov/issues", request -> authorized(request, () -> Reply.json(201,
                "{\"number\": 7, \"title\": " + Json.MAPPER.readTree(request.body()).path("title") + ", \"html_url\": "
                        + "\"https://github.com/acme/gov/issues/7\", \"user\": {\"login\": \"metagov-app[bot]\", \"id\": "
                        + "90001, \"type\": \"Bot\"}}")));
        platform.respond("GET", "/repos/acme/gov/issues/7/reactions", request -> authorized(request,
                () -> Reply.json(200, reactions)));
        platform.respond("GET", "/repos/acme/gov/issues/7/comments", request -> authorized(request,
                () -> Reply.json(200, comments)));
        platform.respond("POST", "/repos/acme/gov/issues/7/comments", request -> authorized(request,
                () -> Reply.json(201, "{\"id\": 1}")));
        platform.respond("POST", "/repos/acme/gov/issues/7", request -> authorized(request,
                () -> Reply.json(200, "{\"number\": 7, \"state\": \"closed\"}")));
        platform.respond("GET", "/repos/acme/gov/issues/comments/5", request -> authorized(request,
                () -> Reply.json(200, "{\"id\": 5, \"body\": \"hello\"}")));
    }

    /** The App's private key as GitHub hands it out: PKCS#1 PEM. */
    public String privateKeyPem() {
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length); // PrivateKeyInfo header of a 2048-bit key
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
    }

    public int tokensIssued() {
        return tokens.get();
    }

    public void revokeTokens() {
        validFrom = tokens.get() + 1;
    }

    public List<FakePlatform.Request> requests(String method, String path) {
        return platform.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private interface Answer {
        Reply get() throws Exception;
    }

    private Reply authorized(FakePlatform.Request request, Answer answer) throws Exception {
        String auth = header(request, "Authorization");
        if (auth == null || !auth.startsWith("token ghs_")
                || Integer.parseInt(auth.substring("token ghs_".length())) < validFrom) {
            return Reply.json(401, "{\"message\": \"Bad credentials\"}");
        }
        return answer.get();
    }

    private boolean validJwt(FakePlatform.Request request) throws Exception {
        String auth = header(request, "Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = auth.substring(7).split("\\.");
        if (parts.length != 3) {
            return false;
        }
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            return false;
        }
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        long now = Instant.now().getEpochSecond();
        return APP_ID.equals(claims.path("iss").asText()) && claims.path("exp").asLong() > now
                && claims.path("exp").asLong() - claims.path("iat").asLong() <= 600;
    }

    private static String header(FakePlatform.Request request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    @Override
    public void close() {
        platform.close();
    }
}
