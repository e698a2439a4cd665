package org.metagov.sdk;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SignaturesTest {

    static WebhookRequest request(Map<String, String> headers, String body) {
        Map<String, List<String>> h = new java.util.HashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return new WebhookRequest("POST", "/api/hooks/c/p", null, h, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void gitHubsDocumentedExample() {
        // the example in GitHub's "Validating webhook deliveries"
        WebhookRequest ok = request(Map.of("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), "Hello, World!");
        assertDoesNotThrow(() -> Signatures.verifyGitHub(ok, "It's a Secret to Everybody"));
        assertEquals("X-Hub-Signature-256 does not match", assertThrows(WebhookVerificationException.class,
                () -> Signatures.verifyGitHub(ok, "another secret")).getMessage());
        assertEquals("Missing header X-Hub-Signature-256", assertThrows(WebhookVerificationException.class,
                () -> Signatures.verifyGitHub(request(Map.of(), "Hello, World!"), "It's a Secret to Everybody"))
                .getMessage());
        WebhookRequest tampered = request(Map.of("x-hub-signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), "Hello, World?");
        assertEquals("X-Hub-Signature-256 does not match", assertThrows(WebhookVerificationException.class,
                () -> Signatures.verifyGitHub(tampered, "It's a Secret to Everybody")).getMessage());
    }

    @Test
    void slackSignatureWithinFiveMinutes() {
        Instant now = Instant.ofEpochSecond(1_700_000_000);
        String body = "token=x&team_id=T1";
        String ts = String.valueOf(now.getEpochSecond() - 60);
        String sig = "v0=" + HexFormat.of().formatHex(Signatures.hmacSha256("slack-secret",
                ("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8)));
        WebhookRequest ok = request(Map.of("X-Slack-Request-Timestamp", ts, "X-Slack-Signature", sig), body);
        assertDoesNotThrow(() -> Signatures.verifySlack(ok, "slack-secret", now));
        assertEquals("Timestamp outside the 5 minute window", assertThrows(WebhookVerificationException.class,
                () -> Signatures.verifySlack(ok, "slack-secret", now.plusSeconds(301))).getMessage());
    }

    @Test
    void standardWebhooksRoundTrip() {
        Instant now = Instant.ofEpochSecond(1_700_000_000);
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"a\":1}";
        String sig = Signatures.standardWebhookSignature(secret, "msg_1", now.getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8));
        WebhookRequest ok = request(Map.of("webhook-id", "msg_1", "webhook-timestamp",
                String.valueOf(now.getEpochSecond()), "webhook-signature", "v1,bogus " + sig), body);
        assertDoesNotThrow(() -> Signatures.verifyStandardWebhook(ok, secret, now));
        assertEquals("webhook-signature does not match", assertThrows(WebhookVerificationException.class,
                () -> Signatures.verifyStandardWebhook(ok, "whsec_" + "QUJD", now)).getMessage());
    }

    @Test
    void aStandardWebhookSignedByTheOfficialLibraryVerifies() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"community\":\"c\",\"data\":{\"\u00e9\":1}}";
        Instant now = Instant.now();
        String header = new com.standardwebhooks.Webhook(secret).sign("msg_2", now.getEpochSecond(), body);
        WebhookRequest signed = request(Map.of("webhook-id", "msg_2", "webhook-timestamp",
                String.valueOf(now.getEpochSecond()), "webhook-signature", header), body);

        assertDoesNotThrow(() -> Signatures.verifyStandardWebhook(signed, secret, now));
        assertEquals(header, Signatures.standardWebhookSignature(secret, "msg_2", now.getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8)));
        WebhookVerificationException stale = assertThrows(WebhookVerificationException.class,
                () -> Signatures.verifyStandardWebhook(signed, secret, now.plusSeconds(600)));
        assertTrue(stale.getMessage().contains("tolerance"), stale.getMessage());
        WebhookVerificationException bad = assertThrows(WebhookVerificationException.class,
                () -> Signatures.verifyStandardWebhook(signed, "whsec_%%%", now));
        assertTrue(bad.getMessage().contains("not base64"), bad.getMessage());
    }
}
