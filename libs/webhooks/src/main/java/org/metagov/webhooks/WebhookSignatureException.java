package org.metagov.webhooks;

/** A Standard Webhooks signature that does not verify; the message says why, never with a key. */
public class WebhookSignatureException extends RuntimeException {
    public WebhookSignatureException(String message) {
        super(message);
    }
}
