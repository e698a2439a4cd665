package org.metagov.webhooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

/** Our signer against the official {@code com.standardwebhooks} library, both ways. */
class StandardWebhookSignerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String BODY = "{\"community\":\"c\",\"event_type\":\"post_created\",\"data\":{\"é\":1}}";

    @Test
    void aSignatureWeMakeVerifiesWithTheOfficialLibrary() {
        long now = Instant.now().getEpochSecond();
        String header = new StandardWebhookSigner(WebhookSecret.parse(SECRET, "S")).sign("msg_1", now, BODY);
        assertDoesNotThrow(() -> new Webhook(SECRET).verify(BODY, headers("msg_1", now, header)));
    }

    @Test
    void aSignatureTheOfficialLibraryMakesVerifiesWithOurs() throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = new Webhook(SECRET).sign("msg_2", now, BODY);
        assertEquals(header, new StandardWebhookSigner(WebhookSecret.parse(SECRET, "S")).sign("msg_2", now, BODY));
        assertDoesNotThrow(() -> new StandardWebhookSigner(WebhookSecret.parse(SECRET, "S")).verify("msg_2",
                Long.toString(now), header, BODY.getBytes(StandardCharsets.UTF_8), Instant.now(),
                StandardWebhookSigner.DEFAULT_TOLERANCE));
    }

    @Test
    void duringARotationBothSignaturesAreSentAndEitherSecretVerifies() {
        String next = WebhookSecret.generate();
        long now = Instant.now().getEpochSecond();
        String header = new StandardWebhookSigner(List.of(WebhookSecret.parse(SECRET, "S"),
                WebhookSecret.parse(next, "S"))).sign("msg_3", now, BODY);
        assertEquals(2, header.split(" ").length);
        assertDoesNotThrow(() -> new Webhook(SECRET).verify(BODY, headers("msg_3", now, header)));
        assertDoesNotThrow(() -> new Webhook(next).verify(BODY, headers("msg_3", now, header)));
    }

    @Test
    void aTamperedBodyAStaleTimestampAndMissingHeadersAreRefusedWithTheReason() {
        StandardWebhookSigner signer = new StandardWebhookSigner(WebhookSecret.parse(SECRET, "S"));
        Instant now = Instant.now();
        long ts = now.getEpochSecond();
        String header = signer.sign("m", ts, BODY);
        byte[] tampered = (BODY + " ").getBytes(StandardCharsets.UTF_8);
        assertEquals("webhook-signature does not match", assertThrows(WebhookSignatureException.class,
                () -> signer.verify("m", Long.toString(ts), header, tampered, now, Duration.ofMinutes(5)))
                .getMessage());
        assertTrue(assertThrows(WebhookSignatureException.class, () -> signer.verify("m", Long.toString(ts - 600),
                signer.sign("m", ts - 600, BODY), BODY.getBytes(StandardCharsets.UTF_8), now, Duration.ofMinutes(5)))
                .getMessage().contains("outside"));
        assertEquals("Missing header webhook-id", assertThrows(WebhookSignatureException.class,
                () -> signer.verify(null, Long.toString(ts), header, tampered, now, Duration.ofMinutes(5)))
                .getMessage());
        assertEquals("No matching signature found", assertThrows(WebhookVerificationException.class,
                () -> new Webhook(SECRET).verify(BODY + " ", headers("m", ts, header))).getMessage());
    }

    @Test
    void aPlainStringSecretIsStillAcceptedAndSaysItIsNotTheStandardForm() {
        WebhookSecret plain = WebhookSecret.parse("not-a-whsec-secret", "DRIVER_WEBHOOK_SECRET");
        assertFalse(plain.isStandardForm());
        assertTrue(WebhookSecret.parse(SECRET, "S").isStandardForm());
        long now = Instant.now().getEpochSecond();
        // the official library takes raw key bytes too: the same HMAC as our plain form
        String ours = new StandardWebhookSigner(plain).sign("m", now, BODY);
        assertDoesNotThrow(() -> new Webhook("not-a-whsec-secret".getBytes(StandardCharsets.UTF_8))
                .verify(BODY, headers("m", now, ours)));
    }

    @Test
    void aBadWhsecSecretNamesTheSettingAndNeverTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookSecret.parse("whsec_%%%not-base64", "DRIVER_WEBHOOK_SECRET"));
        assertEquals("DRIVER_WEBHOOK_SECRET starts with whsec_ but the rest is not base64", e.getMessage());
        assertFalse(WebhookSecret.parse(SECRET, "S").toString().contains("MfKQ"));
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
