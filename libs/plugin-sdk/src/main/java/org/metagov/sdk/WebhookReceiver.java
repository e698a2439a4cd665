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
 *
 * <p><b>Answering receivers</b> ({@code answers = true}) return a {@link WebhookResponse} that goes back to the
 * platform in the hook's HTTP response (Slack's {@code url_verification}, Discord's interactions). They check the
 * app-wide signature first and throw {@link WebhookVerificationException} (answered 401) on failure. They may run
 * without an instance (a PING, a {@code url_verification}, GitHub's {@code installation} event before any instance
 * exists): then {@code PluginBase.hasInstance()} is false, {@code community()} is null, {@code config()} an empty
 * object, and state, identity and events are unavailable. A null return is answered {@code 200} with no body; a
 * pending process may answer instead ({@code ProcessBase.answerWebhook}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WebhookReceiver {

    /** The method returns a {@link WebhookResponse} the platform waits for; see the class comment. */
    boolean answers() default false;
}
