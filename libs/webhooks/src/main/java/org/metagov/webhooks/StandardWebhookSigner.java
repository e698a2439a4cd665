package org.metagov.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature:
 * v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}). With several secrets (a rotation) it signs with each, space
 * separated, and verifies against any, as the specification allows. Thread-safe: each signature clones a Mac
 * initialised once, which is much cheaper than {@code Mac.getInstance} and {@code init} per call.
 */
public final class StandardWebhookSigner {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    /** The tolerance of the official libraries. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final List<Mac> prototypes;

    public StandardWebhookSigner(List<WebhookSecret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a signer needs at least one secret");
        }
        List<Mac> macs = new ArrayList<>();
        for (WebhookSecret secret : secrets) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
                macs.add(mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        }
        this.prototypes = List.copyOf(macs);
    }

    public StandardWebhookSigner(WebhookSecret secret) {
        this(List.of(secret));
    }

    /** The {@code webhook-signature} header value: one {@code v1,} signature per secret. */
    public String sign(String webhookId, long timestampSeconds, byte[] body) {
        StringBuilder header = new StringBuilder();
        for (Mac prototype : prototypes) {
            if (!header.isEmpty()) {
                header.append(' ');
            }
            header.append("v1,").append(Base64.getEncoder().encodeToString(digest(prototype, webhookId,
                    timestampSeconds, body)));
        }
        return header.toString();
    }

    public String sign(String webhookId, long timestampSeconds, String body) {
        return sign(webhookId, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks the three headers as the official libraries do: timestamp within the tolerance, any {@code v1}
     * signature matching any secret (constant-time comparison).
     *
     * @throws WebhookSignatureException naming what is wrong, never a key
     */
    public void verify(String webhookId, String timestamp, String signatureHeader, byte[] body, Instant now,
            Duration tolerance) {
        if (webhookId == null || webhookId.isBlank()) {
            throw new WebhookSignatureException("Missing header " + ID);
        }
        if (timestamp == null || timestamp.isBlank()) {
            throw new WebhookSignatureException("Missing header " + TIMESTAMP);
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new WebhookSignatureException("Missing header " + SIGNATURE);
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookSignatureException(TIMESTAMP + " is not a number");
        }
        if (Math.abs(now.getEpochSecond() - sent) > tolerance.toSeconds()) {
            throw new WebhookSignatureException(TIMESTAMP + " is outside the " + tolerance.toSeconds()
                    + " s tolerance");
        }
        for (Mac prototype : prototypes) {
            byte[] expected = Base64.getEncoder().encode(digest(prototype, webhookId.trim(), sent, body));
            for (String candidate : signatureHeader.trim().split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        candidate.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                    return;
                }
            }
        }
        throw new WebhookSignatureException(SIGNATURE + " does not match");
    }

    private static byte[] digest(Mac prototype, String webhookId, long timestampSeconds, byte[] body) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 is cloneable", e);
        }
        mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(body);
    }
}
