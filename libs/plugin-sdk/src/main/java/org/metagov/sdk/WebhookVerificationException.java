package org.metagov.sdk;

/** The hook could not be verified (signature, timestamp, token): nothing is emitted, the runner counts it. */
public class WebhookVerificationException extends RuntimeException {
    public WebhookVerificationException(String message) {
        super(message);
    }
}
