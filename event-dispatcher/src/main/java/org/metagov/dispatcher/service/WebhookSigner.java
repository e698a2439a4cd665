package org.metagov.dispatcher.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

import org.metagov.dispatcher.config.DispatcherConfig;
import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;

/**
 * Signs driver events with {@code DRIVER_WEBHOOK_SECRET} through the one Standard Webhooks signer (libs/webhooks).
 * Created at start, so a secret that cannot work stops the start and a plain (non-{@code whsec_}) one is warned
 * about once, before any event is sent.
 */
@Startup
@ApplicationScoped
public class WebhookSigner {

    static final String SETTING = "DRIVER_WEBHOOK_SECRET";

    private final StandardWebhookSigner signer;

    @Inject
    public WebhookSigner(DispatcherConfig config) {
        this(config.webhookSecret());
    }

    WebhookSigner(Optional<String> secret) {
        this.signer = secret.filter(s -> !s.isBlank()).map(s -> WebhookSecret.parse(s, SETTING)).map(parsed -> {
            if (!parsed.isStandardForm()) {
                Log.warnf("%s is a plain string: it is used as its UTF-8 bytes, which the official Standard Webhooks "
                        + "libraries do not do; a whsec_<base64> secret is recommended", SETTING);
            }
            return new StandardWebhookSigner(parsed);
        }).orElse(null);
    }

    /** The {@code webhook-signature} header value, or empty when no secret is configured. */
    public Optional<String> sign(String webhookId, long timestampSeconds, String body) {
        return signer == null ? Optional.empty() : Optional.of(signer.sign(webhookId, timestampSeconds, body));
    }
}
