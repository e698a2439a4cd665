package org.metagov.process.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import org.metagov.observability.Traceparent;
import org.metagov.outbound.AddressPolicy;
import org.metagov.outbound.OutboundClient;
import org.metagov.outbound.OutboundException;
import org.metagov.outbound.OutboundRequest;
import org.metagov.outbound.OutboundResponse;
import org.metagov.process.config.ProcessConfig;
import org.metagov.process.messaging.DriverCallbackSecrets;
import org.metagov.web.Caller;
import org.metagov.webhooks.Backoff;
import org.metagov.webhooks.RetryAfter;
import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;

/**
 * POSTs a process record to a driver's callback_url with Standard Webhooks headers, through the one outbound client
 * (libs/outbound): the address policy is checked before every attempt and the connection goes to the address that
 * was checked; redirects are not followed (a redirect could lead to an address the policy refused); only a 2xx is a
 * success. Created at start, so a secret that cannot work stops the start and a plain one is warned about once.
 */
@Startup
@ApplicationScoped
public class CallbackClient {

    static final String SETTING = "process.callbacks.secret (PROCESS_CALLBACK_SECRET, else DRIVER_WEBHOOK_SECRET)";

    /**
     * What one attempt gave.
     *
     * @param permanent no retry can help (refused address, invalid URL, redirect)
     * @param retryAfter what the receiver asked us to wait, or null
     */
    public record Result(boolean ok, String error, boolean permanent, Duration retryAfter) {
        static final Result OK = new Result(true, null, false, null);
    }

    private final OutboundClient http;
    private final StandardWebhookSigner signer;
    private final DriverCallbackSecrets drivers;

    public CallbackClient(ProcessConfig config, AddressPolicy policy, DriverCallbackSecrets drivers) {
        this.drivers = drivers;
        Duration timeout = config.callbacks().timeout();
        // 429s are waited out only within the attempt's own timeout; longer waits are the dispatcher's backoff
        this.http = new OutboundClient(policy, new OutboundClient.Settings(timeout, timeout, 1024 * 1024, 2,
                new Backoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(1), 0.2, Duration.ofSeconds(2)),
                "metagov-process-service"));
        this.signer = config.callbacks().secret().filter(s -> !s.isBlank()).map(s -> WebhookSecret.parse(s, SETTING))
                .map(secret -> {
                    if (!secret.isStandardForm()) {
                        Log.warnf("%s is a plain string: it is used as its UTF-8 bytes, which the official Standard "
                                + "Webhooks libraries do not do; a whsec_<base64> secret is recommended", SETTING);
                    }
                    return new StandardWebhookSigner(secret);
                }).orElse(null);
    }

    /**
     * Blocking (DNS, the call itself) on a worker thread, in the trace of {@code traceparent} (sent on to the
     * driver; null: none); never fails, the Result says what happened.
     *
     * @param driver the driver that started the process: signed with its own callback secret ({@code local}: the
     *        global setting), so no driver holds a secret that could forge another's callbacks
     */
    public Uni<Result> post(String url, String webhookId, String body, String driver, String traceparent) {
        return Uni.createFrom().item(() -> {
            try (Scope ignored = Traceparent.parent(traceparent).makeCurrent()) {
                return send(url, webhookId, body, driver);
            }
        })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Result send(String url, String webhookId, String body, String driver) {
        long timestamp = Instant.now().getEpochSecond();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Result(false, "callback_url is not a valid URL", true, null);
        }
        OutboundRequest request = OutboundRequest.post(uri, "application/json", bytes)
                .header(StandardWebhookSigner.ID, webhookId)
                .header(StandardWebhookSigner.TIMESTAMP, Long.toString(timestamp));
        String traceparent = Traceparent.current();
        if (traceparent != null) {
            request = request.header(Traceparent.HEADER, traceparent); // the driver can join the trace
        }
        Optional<String> signature = sign(driver, webhookId, timestamp, bytes);
        if (signature.isPresent()) {
            request = request.header(StandardWebhookSigner.SIGNATURE, signature.get());
        }
        try {
            OutboundResponse response = http.send(request);
            if (response.isSuccess()) {
                return Result.OK;
            }
            return new Result(false, "HTTP " + response.status(), false,
                    RetryAfter.parse(response.header("Retry-After").orElse(null), Instant.now()));
        } catch (OutboundException e) {
            boolean permanent = e.isCallerFault() || e.kind() == OutboundException.Kind.REDIRECT;
            return new Result(false, (permanent ? "refused: " : "") + e.getMessage(), permanent, null);
        }
    }

    /** {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}, or empty without the driver's secret. */
    Optional<String> sign(String driver, String webhookId, long timestamp, byte[] body) {
        Optional<StandardWebhookSigner> of = driver == null || Caller.LOCAL.equals(driver)
                ? Optional.ofNullable(signer) : drivers.signerOf(driver);
        return of.map(s -> s.sign(webhookId, timestamp, body));
    }
}
