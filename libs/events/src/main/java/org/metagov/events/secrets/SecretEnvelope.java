package org.metagov.events.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The one envelope for secrets on our topics: AES-256-GCM, {@code mgs1.<key id>.<base64url(iv || ciphertext ||
 * tag)>}. The header ({@code mgs1.<key id>}) and a context the caller names (what the secret belongs to) are
 * authenticated as associated data, so an envelope cannot be moved to another record or relabelled with another
 * key id. A random 96-bit IV per seal. Failures say why, never what was sealed.
 */
public final class SecretEnvelope {

    static final String VERSION = "mgs1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The envelope cannot be opened: malformed, sealed under a key this keyring lacks, or not authentic. */
    public static final class UnopenableSecret extends RuntimeException {
        private final String keyId;

        UnopenableSecret(String message, String keyId) {
            super(message, null, false, false);
            this.keyId = keyId;
        }

        /** The key id the envelope names, or null when it names none. */
        public String keyId() {
            return keyId;
        }
    }

    private SecretEnvelope() {
    }

    public static boolean isEnvelope(String value) {
        return value != null && value.startsWith(VERSION + ".");
    }

    /** Seals {@code plaintext} under the current key, bound to {@code context}. */
    public static String seal(SecretKeys keys, String plaintext, String context) {
        String header = VERSION + "." + keys.currentId();
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.current(), iv, header, context);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed);
            return header + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName(), null);
        }
    }

    /** Opens an envelope made by {@link #seal} with the same {@code context}, under any key of {@code keys}. */
    public static String open(SecretKeys keys, String envelope, String context) {
        String[] parts = envelope == null ? new String[0] : envelope.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new UnopenableSecret("Not a sealed secret (expected " + VERSION + ".<key id>.<data>)", null);
        }
        String keyId = parts[1];
        SecretKey key = keys.find(keyId).orElseThrow(() -> new UnopenableSecret("Sealed under key " + keyId
                + ", which is neither METAGOV_SECRETS_KEY nor METAGOV_SECRETS_KEY_PREVIOUS here (" + keys.ids() + ")",
                keyId));
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new UnopenableSecret("Sealed secret is not base64url", keyId);
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new UnopenableSecret("Sealed secret is too short", keyId);
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(data, IV_BYTES),
                    parts[0] + "." + keyId, context);
            byte[] plain = cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnopenableSecret("Sealed secret failed authentication (tampered, or sealed for another record)",
                    keyId);
        } catch (GeneralSecurityException e) {
            throw new UnopenableSecret("Sealed secret cannot be opened: " + e.getClass().getSimpleName(), keyId);
        }
    }

    /** The id of the key that sealed {@code envelope}, or null when it is not an envelope. */
    public static String keyIdOf(String envelope) {
        if (!isEnvelope(envelope)) {
            return null;
        }
        String[] parts = envelope.split("\\.", -1);
        return parts.length == 3 ? parts[1] : null;
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] iv, String header, String context)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD((header + "\n" + context).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
