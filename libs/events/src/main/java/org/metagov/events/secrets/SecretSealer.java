package org.metagov.events.secrets;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * One secret string sealed in a {@link SecretEnvelope} bound to its owner's id (a subscription's, a driver's), for
 * the webhook secrets on the subscriptions and drivers topics; the same keys and envelope as plugin secrets.
 */
public final class SecretSealer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeys keys;

    /**
     * @param keys {@code METAGOV_SECRETS_KEY}, optionally followed by earlier keys, comma-separated (the first seals)
     * @throws IllegalArgumentException naming the setting, never the key, when a key is missing or malformed
     */
    public SecretSealer(String keys) {
        this(keysOf(keys));
    }

    public SecretSealer(SecretKeys keys) {
        this.keys = keys;
    }

    /** The current key and, during a rotation, the earlier ones ({@code METAGOV_SECRETS_KEY_PREVIOUS}). */
    public static SecretSealer of(String current, String previous) {
        return new SecretSealer(SecretKeys.of(current, previous));
    }

    /** A random key in the form {@code METAGOV_SECRETS_KEY} takes (for run.sh and tests). */
    public static String generateKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public String seal(String secret, String boundTo) {
        return SecretEnvelope.seal(keys, secret, boundTo);
    }

    /**
     * @throws IllegalArgumentException when the envelope is malformed, sealed with a key not configured, tampered
     *         with or bound to something else; the message never holds the secret
     */
    public String open(String sealed, String boundTo) {
        try {
            return SecretEnvelope.open(keys, sealed, boundTo);
        } catch (SecretEnvelope.UnopenableSecret e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static SecretKeys keysOf(String keys) {
        if (keys == null || keys.isBlank()) {
            return SecretKeys.of(null, null);
        }
        int comma = keys.indexOf(',');
        return comma < 0 ? SecretKeys.of(keys, null) : SecretKeys.of(keys.substring(0, comma), keys.substring(comma + 1));
    }
}
