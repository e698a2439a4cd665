package org.metagov.events.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that seal plugin secrets: the current one ({@code METAGOV_SECRETS_KEY}), which seals and opens,
 * and during a rotation the previous ones ({@code METAGOV_SECRETS_KEY_PREVIOUS}), which only open. Each key is
 * named by an id derived from it (so the envelope says which key sealed it without an operator naming keys). Never
 * prints a key: {@link #toString()} shows the ids only.
 */
public final class SecretKeys {

    private static final int KEY_BYTES = 32;

    private final String currentId;
    private final Map<String, SecretKey> byId;

    private SecretKeys(String currentId, Map<String, SecretKey> byId) {
        this.currentId = currentId;
        this.byId = Collections.unmodifiableMap(byId);
    }

    /**
     * @param current  base64 of 32 random bytes (standard or URL alphabet)
     * @param previous base64 keys separated by commas or whitespace, or null/blank: accepted for opening only
     * @throws IllegalArgumentException naming the setting, never the key, when a key is missing or malformed
     */
    public static SecretKeys of(String current, String previous) {
        if (current == null || current.isBlank()) {
            throw new IllegalArgumentException("METAGOV_SECRETS_KEY is not set: base64 of 32 random bytes, e.g."
                    + " `head -c 32 /dev/urandom | base64`");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        SecretKey key = decode(current.trim(), "METAGOV_SECRETS_KEY");
        String id = idOf(key);
        keys.put(id, key);
        if (previous != null) {
            for (String part : previous.trim().split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    SecretKey old = decode(part, "METAGOV_SECRETS_KEY_PREVIOUS");
                    keys.putIfAbsent(idOf(old), old);
                }
            }
        }
        return new SecretKeys(id, keys);
    }

    /** The id of the key that seals. */
    public String currentId() {
        return currentId;
    }

    /** Every id this keyring opens, the current one first. */
    public List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }

    SecretKey current() {
        return byId.get(currentId);
    }

    Optional<SecretKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public String toString() {
        return "SecretKeys[current=" + currentId + ", accepted=" + byId.keySet() + "]";
    }

    private static SecretKey decode(String base64, String setting) {
        byte[] bytes;
        try {
            bytes = base64.contains("-") || base64.contains("_") ? Base64.getUrlDecoder().decode(base64)
                    : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64", null);
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(setting + " must be 32 bytes (AES-256), base64; it is " + bytes.length
                    + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** 8 characters of a hash of the key: tells keys apart, reveals nothing usable about them. */
    private static String idOf(SecretKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("metagov-secrets-key-id:".getBytes(StandardCharsets.UTF_8));
            byte[] hash = sha.digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
