package org.metagov.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals webhook signing secrets (subscription secrets, drivers' callback secrets) so they never travel in clear on a
 * topic: AES-256-GCM under {@code METAGOV_SECRETS_KEY}, bound to what it belongs to (the subscription or driver id is
 * the additional authenticated data, so a sealed secret copied onto another record does not open). Envelope:
 * {@code sealed:v1:<key id>:<base64 nonce>:<base64 ciphertext+tag>}; the key id is the first 8 hex digits of the
 * key's SHA-256, so several keys can be accepted during a rotation (the first one seals).
 *
 * <p>A stand-in until the project's shared secret envelope (issue 13, plugin secrets) lands: same key setting, same
 * algorithm; swapping it changes only this class and the records' sealed strings.
 */
public final class WebhookSecretSealer {

    public static final String PREFIX = "sealed:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String sealingKeyId;

    /**
     * @param keys base64 of 32 random bytes each, comma-separated ({@code METAGOV_SECRETS_KEY}); the first seals
     * @throws IllegalArgumentException for a key that is not base64 of 32 bytes (never naming the value)
     */
    public WebhookSecretSealer(String keys) {
        if (keys == null || keys.isBlank()) {
            throw new IllegalArgumentException("METAGOV_SECRETS_KEY is not set");
        }
        List<String> ids = new ArrayList<>();
        for (String text : keys.split(",")) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(text.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("METAGOV_SECRETS_KEY: every key must be base64 of 32 bytes");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("METAGOV_SECRETS_KEY: every key must be base64 of 32 bytes");
            }
            String id = keyId(key);
            this.keys.put(id, new SecretKeySpec(key, "AES"));
            ids.add(id);
        }
        this.sealingKeyId = ids.get(0);
    }

    /** A random key in the form {@code METAGOV_SECRETS_KEY} takes (for run.sh and tests). */
    public static String generateKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public String seal(String secret, String boundTo) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(sealingKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return PREFIX + sealingKeyId + ":" + b64.encodeToString(nonce) + ":" + b64.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the envelope is malformed, sealed with a key not configured, tampered
     *         with or bound to something else; the message never holds the secret
     */
    public String open(String sealed, String boundTo) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        String[] parts = sealed.substring(PREFIX.length()).split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("malformed sealed secret");
        }
        SecretKeySpec key = keys.get(parts[0]);
        if (key == null) {
            throw new IllegalArgumentException("sealed with key " + parts[0] + ", which METAGOV_SECRETS_KEY lacks");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(parts[1])));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(Base64.getDecoder().decode(parts[2])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed secret does not open (tampered with, or bound to another id)");
        }
    }

    private static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
