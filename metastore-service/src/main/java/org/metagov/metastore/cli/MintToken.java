package org.metagov.metastore.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints an HS256 development token for MetaStore. Deliberately free of dependencies so that it runs as a
 * single source file ({@code java MintToken.java ...}, see {@code metastore-service/mint-token.sh})
 * without building anything. Tests use it too, so the tokens it prints are known to be accepted.
 */
public final class MintToken {

    private MintToken() {
    }

    static final String USAGE = """
            Usage: mint-token.sh [options] SCOPE...
              SCOPE          ds:<owner>/<name>:<actions>, e.g. ds:acme/*:read,update or ds:*:read
                             (actions: read create update delete purge tag, or *)
            Options:
              --secret S     HS256 secret (default: $METASTORE_JWT_SECRET)
              --sub ID       subject (default: dev)
              --name NAME    author name of commits made with the token
              --email EMAIL  author email of commits made with the token
              --iss ISSUER   issuer (default: $METASTORE_JWT_ISSUER, omitted if unset)
              --aud AUDIENCE audience (default: $METASTORE_JWT_AUDIENCE, omitted if unset)
              --ttl SECONDS  lifetime (default: 3600)
            Prints the token; use it as: Authorization: Bearer <token>
            """;

    public static void main(String[] args) {
        String secret = System.getenv("METASTORE_JWT_SECRET");
        String issuer = System.getenv("METASTORE_JWT_ISSUER");
        String audience = System.getenv("METASTORE_JWT_AUDIENCE");
        String subject = "dev";
        String name = null;
        String email = null;
        long ttl = 3600;
        List<String> scopes = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--secret" -> secret = args[++i];
                    case "--sub" -> subject = args[++i];
                    case "--name" -> name = args[++i];
                    case "--email" -> email = args[++i];
                    case "--iss" -> issuer = args[++i];
                    case "--aud" -> audience = args[++i];
                    case "--ttl" -> ttl = Long.parseLong(args[++i]);
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        scopes.add(args[i]);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            fail(e instanceof ArrayIndexOutOfBoundsException ? "an option is missing its value" : e.getMessage());
        }
        if (secret == null || secret.isEmpty()) {
            fail("no secret: pass --secret or set METASTORE_JWT_SECRET");
        }
        if (scopes.isEmpty()) {
            fail("give at least one scope");
        }
        long now = Instant.now().getEpochSecond();
        System.out.println(mint(secret, subject, name, email, issuer, audience, scopes, now, now + ttl));
    }

    private static void fail(String message) {
        System.err.println("mint-token: " + message + "\n" + USAGE);
        System.exit(2);
    }

    /** A compact JWS: base64url(header).base64url(claims).base64url(HMAC-SHA256). Null claims are left out. */
    public static String mint(String secret, String subject, String name, String email, String issuer,
            String audience, List<String> scopes, long issuedAt, long expiresAt) {
        StringBuilder claims = new StringBuilder("{");
        member(claims, "sub", subject);
        member(claims, "name", name);
        member(claims, "email", email);
        member(claims, "iss", blankToNull(issuer));
        member(claims, "aud", blankToNull(audience));
        claims.append("\"iat\":").append(issuedAt).append(",\"exp\":").append(expiresAt).append(",\"scopes\":[");
        for (int i = 0; i < scopes.size(); i++) {
            claims.append(i == 0 ? "" : ",").append(quote(scopes.get(i)));
        }
        claims.append("]}");
        String signingInput = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + base64Url(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void member(StringBuilder json, String key, String value) {
        if (value != null) {
            json.append(quote(key)).append(':').append(quote(value)).append(',');
        }
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
