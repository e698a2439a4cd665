package org.metagov.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret. The recommended form is {@code whsec_<base64>} (what the official libraries
 * expect: the key is the decoded base64); any other non-blank string is accepted as its UTF-8 bytes, as before, and
 * {@link #isStandardForm()} lets a service warn about it at start. The key never appears in {@link #toString()}.
 */
public final class WebhookSecret {

    public static final String PREFIX = "whsec_";

    private final byte[] key;
    private final boolean standardForm;

    private WebhookSecret(byte[] key, boolean standardForm) {
        this.key = key;
        this.standardForm = standardForm;
    }

    /**
     * @param setting names the setting in the error, e.g. {@code DRIVER_WEBHOOK_SECRET}; never the value
     * @throws IllegalArgumentException for a blank secret or a {@code whsec_} secret whose rest is not base64
     */
    public static WebhookSecret parse(String secret, String setting) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(setting + " is blank");
        }
        if (secret.startsWith(PREFIX)) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting + " starts with " + PREFIX + " but the rest is not base64");
            }
            if (key.length == 0) {
                throw new IllegalArgumentException(setting + " starts with " + PREFIX + " but holds no key");
            }
            return new WebhookSecret(key, true);
        }
        return new WebhookSecret(secret.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A new random {@code whsec_} secret of 32 bytes, e.g. for a subscription created without one. */
    public static String generate() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    public boolean isStandardForm() {
        return standardForm;
    }

    byte[] key() {
        return key;
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
