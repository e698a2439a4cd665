package org.metagov.sdk;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
     * Standard Webhooks: {@code webhook-signature: v1,<base64 HMAC(key, id.timestamp.body)>} (space-separated list),
     * {@code webhook-id}, {@code webhook-timestamp}; a {@code whsec_} secret is base64, any other is used as bytes.
     */
    public static void verifyStandardWebhook(WebhookRequest request, String secret, Instant now) {
        String id = required(request, "webhook-id");
        String timestamp = required(request, "webhook-timestamp");
        checkWindow(timestamp, now, STANDARD_WEBHOOKS_WINDOW);
        byte[] signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), request.body());
        byte[] expected = Base64.getEncoder().encode(hmac(standardWebhooksKey(secret), signed));
        for (String candidate : required(request, "webhook-signature").split(" ")) {
            if (candidate.startsWith("v1,")
                    && MessageDigest.isEqual(expected, candidate.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                return;
            }
        }
        throw new WebhookVerificationException("webhook-signature does not match");
    }

    /** {@code v1,<base64>} for the Standard Webhooks headers of an outgoing request. */
    public static String standardWebhookSignature(String secret, String id, long timestamp, byte[] body) {
        byte[] signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "v1," + Base64.getEncoder().encodeToString(hmac(standardWebhooksKey(secret), signed));
    }

    public static byte[] standardWebhooksKey(String secret) {
        return secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(StandardCharsets.UTF_8);
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
