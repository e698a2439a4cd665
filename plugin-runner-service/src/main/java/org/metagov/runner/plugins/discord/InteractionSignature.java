package org.metagov.runner.plugins.discord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookVerificationException;

/**
 * Discord's interaction signature: {@code X-Signature-Ed25519} (hex) over {@code X-Signature-Timestamp + body},
 * checked with the application's public key (hex, 32 bytes) by the JDK's Ed25519. The timestamp must be within
 * 5 minutes (Discord sets no window; this one bounds replays). Any failure is a {@link WebhookVerificationException}.
 */
final class InteractionSignature {

    static final Duration WINDOW = Duration.ofMinutes(5);
    /** The DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private InteractionSignature() {
    }

    static void verify(WebhookRequest request, String publicKeyHex, Instant now) {
        String signature = request.header("X-Signature-Ed25519");
        String timestamp = request.header("X-Signature-Timestamp");
        if (signature == null || timestamp == null) {
            throw new WebhookVerificationException("Bad request signature: missing headers");
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("X-Signature-Timestamp is not a number");
        }
        if (Math.abs(now.getEpochSecond() - sent) > WINDOW.toSeconds()) {
            throw new WebhookVerificationException("X-Signature-Timestamp outside the 5 minute window");
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(publicKey(publicKeyHex));
            ed25519.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ed25519.update(request.body());
            if (!ed25519.verify(HexFormat.of().parseHex(signature.trim()))) {
                throw new WebhookVerificationException("Bad request signature: verification failed");
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new WebhookVerificationException("Bad request signature: verification failed");
        }
    }

    static PublicKey publicKey(String hex) {
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(hex.trim());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new WebhookVerificationException("DISCORD_PUBLIC_KEY is not a 32-byte key in hex");
        }
        byte[] encoded = new byte[X509_PREFIX.length + raw.length];
        System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new WebhookVerificationException("DISCORD_PUBLIC_KEY is not an Ed25519 key");
        }
    }
}
