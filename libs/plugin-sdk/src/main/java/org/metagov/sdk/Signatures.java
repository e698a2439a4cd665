package org.metagov.sdk;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;
import org.metagov.webhooks.WebhookSignatureException;

/**
 * Verifiers for the signatures real platforms put on their webhooks. All compare in constant time and throw
 * {@link WebhookVerificationException} on any mismatch, missing header or stale timestamp.
 */
public final class Signatures {

    public static final Duration SLACK_WINDOW = Duration.ofMinutes(5);
    public static final Duration STANDARD_WEBHOOKS_WINDOW = Duration.ofMinutes(5);

    private Signatures() {
    }

    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>}. */
    public static void verifyGitHub(WebhookRequest request, String secret) {
        verifyHexHeader(request, "X-Hub-Signature-256", "sha256=", secret, request.body());
    }

    /** Discourse: {@code X-Discourse-Event-Signature: sha256=<hex HMAC-SHA256(secret, body)>}. */
    public static void verifyDiscourse(WebhookRequest request, String secret) {
        verifyHexHeader(request, "X-Discourse-Event-Signature", "sha256=", secret, request.body());
    }

    /** Slack: {@code X-Slack-Signature: v0=<hex HMAC(secret, "v0:" + timestamp + ":" + body)>}, 5 minutes. */
    public static void verifySlack(WebhookRequest request, String signingSecret, Instant now) {
        String timestamp = required(request, "X-Slack-Request-Timestamp");
        checkWindow(timestamp, now, SLACK_WINDOW);
        byte[] base = concat(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8), request.body());
        verifyHexHeader(request, "X-Slack-Signature", "v0=", signingSecret, base);
    }

    /**
     * Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,<base64>}, a
     * space-separated list), checked by the one signer of libs/webhooks, which is tested against the official
     * library. A {@code whsec_<base64>} secret (the official form, recommended) is decoded; any other is its bytes.
     */
    public static void verifyStandardWebhook(WebhookRequest request, String secret, Instant now) {
        try {
            signer(secret).verify(request.header(StandardWebhookSigner.ID), request.header(StandardWebhookSigner.TIMESTAMP),
                    request.header(StandardWebhookSigner.SIGNATURE), request.body(), now, STANDARD_WEBHOOKS_WINDOW);
        } catch (WebhookSignatureException e) {
            throw new WebhookVerificationException(e.getMessage());
        }
    }

    /** {@code v1,<base64>} for the Standard Webhooks headers of an outgoing request (several secrets: rotation). */
    public static String standardWebhookSignature(String secret, String id, long timestamp, byte[] body) {
        return signer(secret).sign(id, timestamp, body);
    }

    private static StandardWebhookSigner signer(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new WebhookVerificationException("No secret configured to verify " + StandardWebhookSigner.SIGNATURE);
        }
        try {
            return new StandardWebhookSigner(WebhookSecret.parse(secret, "The Standard Webhooks secret"));
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException(e.getMessage());
        }
    }

    public static byte[] hmacSha256(String secret, byte[] data) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), data);
    }

    private static void verifyHexHeader(WebhookRequest request, String header, String prefix, String secret,
            byte[] signed) {
        if (secret == null || secret.isEmpty()) {
            throw new WebhookVerificationException("No secret configured to verify " + header);
        }
        String value = required(request, header);
        if (!value.startsWith(prefix)) {
            throw new WebhookVerificationException(header + " has an unknown scheme");
        }
        byte[] expected = HexFormat.of().formatHex(hmacSha256(secret, signed)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = value.substring(prefix.length()).toLowerCase().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new WebhookVerificationException(header + " does not match");
        }
    }

    private static String required(WebhookRequest request, String header) {
        String value = request.header(header);
        if (value == null || value.isBlank()) {
            throw new WebhookVerificationException("Missing header " + header);
        }
        return value.trim();
    }

    private static void checkWindow(String epochSeconds, Instant now, Duration window) {
        long sent;
        try {
            sent = Long.parseLong(epochSeconds);
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("Timestamp is not a number");
        }
        if (Math.abs(now.getEpochSecond() - sent) > window.toSeconds()) {
            throw new WebhookVerificationException("Timestamp outside the " + window.toMinutes() + " minute window");
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
