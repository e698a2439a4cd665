package org.metagov.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the plugin method that handles hooks posted to {@code /api/hooks/<community>/<plugin>[/<webhook_slug>]}.
 * The method takes a {@link WebhookRequest}; it verifies the request (see {@link Signatures}), then usually calls
 * {@code sendEventToDriver}. Throw {@link WebhookVerificationException} when verification fails.
 *
 * <p>Each hook is handled by a new object of the plugin class, bound to the instance's config and state: the events
 * it sends belong to that hook (their ids derive from it). Keep what must outlast a hook in {@code state()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WebhookReceiver {
}
