package org.metagov.dispatcher.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.metagov.dispatcher.config.DispatcherConfig;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}. A secret of the form
 * {@code whsec_<base64>} is the Standard Webhooks form, whose key is the decoded base64 (what their libraries expect);
 * any other secret is used as its UTF-8 bytes.
 */
@ApplicationScoped
public class WebhookSigner {

    static final String STANDARD_PREFIX = "whsec_";

    private final byte[] key;

    @Inject
    public WebhookSigner(DispatcherConfig config) {
        this(config.webhookSecret());
    }

    WebhookSigner(Optional<String> secret) {
        this.key = secret.filter(s -> !s.isBlank()).map(WebhookSigner::keyOf).orElse(null);
    }

    private static byte[] keyOf(String secret) {
        if (secret.startsWith(STANDARD_PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(STANDARD_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DRIVER_WEBHOOK_SECRET starts with whsec_ but the rest is not base64");
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code webhook-signature} header value, or empty when no secret is configured. */
    public Optional<String> sign(String webhookId, long timestampSeconds, String body) {
        if (key == null) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((webhookId + "." + timestampSeconds + "." + body)
                    .getBytes(StandardCharsets.UTF_8));
            return Optional.of("v1," + Base64.getEncoder().encodeToString(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
