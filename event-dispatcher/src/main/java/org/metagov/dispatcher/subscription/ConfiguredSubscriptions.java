package org.metagov.dispatcher.subscription;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;

import org.metagov.dispatcher.config.DispatcherConfig;
import org.metagov.events.EventFilter;
import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;

/**
 * {@code DRIVER_EVENT_RECEIVER_URL} and {@code DRIVER_WEBHOOK_SECRET} as the read-only subscription
 * {@code local-default} of the driver {@code local}: every community, every event type. No URL, no subscription.
 * Built at start, so a URL or secret that cannot work stops the start and a plain (non-{@code whsec_}) secret is
 * warned about once, before any event is sent.
 */
@ApplicationScoped
@Typed(ConfiguredSubscriptions.class) // the dispatcher's Subscriptions are AllSubscriptions, which include these
public class ConfiguredSubscriptions implements Subscriptions {

    public static final String LOCAL_DEFAULT = "local-default";
    public static final String LOCAL_DRIVER = "local";
    static final String SECRET_SETTING = "DRIVER_WEBHOOK_SECRET";

    private final List<Subscription> subscriptions;

    @Inject
    public ConfiguredSubscriptions(DispatcherConfig config) {
        this(config.receiverUrl(), config.webhookSecret());
    }

    public ConfiguredSubscriptions(Optional<URI> url, Optional<String> secret) {
        Optional<StandardWebhookSigner> signer = signer(secret);
        this.subscriptions = url.map(ConfiguredSubscriptions::checked)
                .map(u -> List.of(new Subscription(LOCAL_DEFAULT, LOCAL_DRIVER, u, Set.of(), EventFilter.ALL, signer)))
                .orElse(List.of());
    }

    @Override
    public List<Subscription> all() {
        return subscriptions;
    }

    static Optional<StandardWebhookSigner> signer(Optional<String> secret) {
        return secret.filter(s -> !s.isBlank()).map(s -> WebhookSecret.parse(s, SECRET_SETTING)).map(parsed -> {
            if (!parsed.isStandardForm()) {
                Log.warnf("%s is a plain string: it is used as its UTF-8 bytes, which the official Standard Webhooks "
                        + "libraries do not do; a whsec_<base64> secret is recommended", SECRET_SETTING);
            }
            return new StandardWebhookSigner(parsed);
        });
    }

    /** A receiver URL that cannot work stops the start, rather than dead-lettering every event. */
    private static URI checked(URI url) {
        if (!url.isAbsolute() || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("dispatcher.receiver-url must be an absolute http(s) URL (scheme given: "
                    + url.getScheme() + ")");
        }
        return url;
    }
}
