package org.metagov.process.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import org.metagov.process.config.ProcessConfig;

/**
 * POSTs a process record to a driver's callback_url with Standard Webhooks headers. Redirects are not followed
 * (a redirect could lead to an address the allow-list refused); only a 2xx is a success.
 */
@ApplicationScoped
public class CallbackClient {

    /** What one attempt gave: success, or why not. */
    public record Result(boolean ok, String error) {
    }

    private final HttpClient http;
    private final byte[] key;
    private final Duration timeout;

    public CallbackClient(ProcessConfig config) {
        this.timeout = config.callbacks().timeout();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.key = config.callbacks().secret().filter(s -> !s.isBlank()).map(CallbackClient::keyOf).orElse(null);
    }

    public Uni<Result> post(String url, String webhookId, String body) {
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "metagov-process-service")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        sign(webhookId, timestamp, body).ifPresent(s -> request.header("webhook-signature", s));
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()))
                .map(response -> response.statusCode() / 100 == 2 ? new Result(true, null)
                        : new Result(false, "HTTP " + response.statusCode()))
                .onFailure().recoverWithItem(e -> new Result(false, e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
    }

    /** {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}, or empty without a secret. */
    Optional<String> sign(String webhookId, long timestamp, String body) {
        if (key == null) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return Optional.of("v1," + Base64.getEncoder().encodeToString(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A {@code whsec_<base64>} secret is the Standard Webhooks form (decoded key); anything else is its bytes. */
    private static byte[] keyOf(String secret) {
        if (secret.startsWith("whsec_")) {
            return Base64.getDecoder().decode(secret.substring("whsec_".length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
