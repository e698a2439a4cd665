package org.metagov.metastore.feed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.metastore.config.MetastoreConfig;
import org.metagov.webhooks.Backoff;
import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Pushes every change-feed event to each {@code METASTORE_WEBHOOK_URLS} entry, signed as Standard Webhooks
 * ({@code webhook-id} is {@code evt_<sequence>}, so receivers can drop a repeat). One thread per URL delivers the
 * log in order (so in order per dataset), retrying an event with the team's {@link Backoff} before moving on; only a
 * 2xx counts, a redirect is a failure. Where each URL got to is kept in the data directory, so deliveries resume after
 * a restart (at least once). A URL seen for the first time starts at the end of the feed.
 */
@ApplicationScoped
public class WebhookDelivery implements ChangeListener {

    private final MetastoreConfig.Webhook config;
    private final ChangeFeed feed;
    private final ObjectMapper mapper;
    private final Path stateDir;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final Object wake = new Object();

    public WebhookDelivery(MetastoreConfig config, ChangeFeed feed, ObjectMapper mapper) {
        this.config = config.webhook();
        this.feed = feed;
        this.mapper = mapper;
        this.stateDir = config.dataDir().resolve("changes");
    }

    void start(@Observes StartupEvent start) {
        List<String> urls = config.urls().orElse(List.of()).stream().map(String::trim).filter(u -> !u.isEmpty())
                .toList();
        if (urls.isEmpty()) {
            return;
        }
        WebhookSecret secret = WebhookSecret.parse(config.secret().orElse(null), "METASTORE_WEBHOOK_SECRET");
        if (!secret.isStandardForm()) {
            Log.warn("METASTORE_WEBHOOK_SECRET is not of the form whsec_<base64>: receivers using the official "
                    + "Standard Webhooks libraries will not verify its signatures");
        }
        StandardWebhookSigner signer = new StandardWebhookSigner(secret);
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Backoff backoff = new Backoff(config.initialBackoff(), 2.0, config.maxBackoff(), 0.2, config.maxBackoff());
        for (String url : urls) {
            Subscriber subscriber = new Subscriber(URI.create(url), signer, http, backoff);
            subscribers.add(subscriber);
            subscriber.thread.start();
        }
        Log.infof("Delivering change-feed events to %d webhook URL(s)", urls.size());
    }

    void stop(@Observes ShutdownEvent stop) {
        subscribers.forEach(s -> s.thread.interrupt());
    }

    @Override
    public void recorded(ChangeEvent event) {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private final class Subscriber implements Runnable {
        final URI url;
        final StandardWebhookSigner signer;
        final HttpClient http;
        final Backoff backoff;
        final Path cursorFile;
        final Thread thread;

        Subscriber(URI url, StandardWebhookSigner signer, HttpClient http, Backoff backoff) {
            this.url = url;
            this.signer = signer;
            this.http = http;
            this.backoff = backoff;
            this.cursorFile = stateDir.resolve("webhook-" + digest(url.toString()) + ".delivered");
            this.thread = new Thread(this, "metastore-webhook-" + url.getHost());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                long delivered = readCursor().orElse(feed.lastSequence());
                writeCursor(delivered);
                while (!Thread.currentThread().isInterrupted()) {
                    synchronized (wake) {
                        if (delivered >= feed.lastSequence()) {
                            wake.wait(1000);
                            continue;
                        }
                    }
                    deliver(feed.get(delivered + 1));
                    writeCursor(++delivered);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                Log.errorf(e, "Webhook delivery to %s stopped", url);
            }
        }

        private void deliver(ChangeEvent event) throws InterruptedException, IOException {
            ObjectNode payload = mapper.createObjectNode().put("type", "metastore.change." + event.kind())
                    .put("timestamp", event.time().toString());
            payload.set("data", mapper.valueToTree(event));
            byte[] body = mapper.writeValueAsBytes(payload);
            String id = "evt_" + event.sequence();
            for (int attempt = 1;; attempt++) {
                long timestamp = System.currentTimeMillis() / 1000;
                HttpRequest request = HttpRequest.newBuilder(url).timeout(config.timeout())
                        .header("Content-Type", "application/json")
                        .header(StandardWebhookSigner.ID, id)
                        .header(StandardWebhookSigner.TIMESTAMP, Long.toString(timestamp))
                        .header(StandardWebhookSigner.SIGNATURE, signer.sign(id, timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                Duration retryAfter = null;
                String failure;
                try {
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() / 100 == 2) {
                        return;
                    }
                    failure = "HTTP " + response.statusCode();
                    retryAfter = response.headers().firstValue("Retry-After").map(WebhookDelivery::seconds)
                            .orElse(null);
                } catch (IOException e) {
                    failure = e.toString();
                }
                if (attempt >= config.maxAttempts()) {
                    Log.errorf("Giving up webhook event %s for %s after %d attempts (%s); delivering the next one",
                            id, url, attempt, failure);
                    return;
                }
                Duration delay = backoff.delay(attempt, retryAfter);
                Log.warnf("Webhook event %s to %s failed (%s); retrying in %d ms", id, url, failure, delay.toMillis());
                Thread.sleep(delay.toMillis());
            }
        }

        private Optional<Long> readCursor() throws IOException {
            if (!Files.exists(cursorFile)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readString(cursorFile).trim()));
        }

        private void writeCursor(long delivered) throws IOException {
            Path tmp = cursorFile.resolveSibling(cursorFile.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(delivered));
            Files.move(tmp, cursorFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the backoff decides
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
