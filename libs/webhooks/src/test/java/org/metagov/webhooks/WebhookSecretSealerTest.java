package org.metagov.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebhookSecretSealerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aSealedSecretOpensOnlyForWhatItIsBoundTo() {
        WebhookSecretSealer sealer = new WebhookSecretSealer(WebhookSecretSealer.generateKey());
        String sealed = sealer.seal(SECRET, "sub_1");
        assertTrue(sealed.startsWith(WebhookSecretSealer.PREFIX));
        assertFalse(sealed.contains("MfKQ9r8"), "no clear text in the envelope");
        assertEquals(SECRET, sealer.open(sealed, "sub_1"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> sealer.open(sealed, "sub_2"));
        assertFalse(other.getMessage().contains(SECRET));
    }

    @Test
    void aRotationOpensWhatTheOldKeySealedAndSealsWithTheNewOne() {
        String oldKey = WebhookSecretSealer.generateKey();
        String newKey = WebhookSecretSealer.generateKey();
        String sealedBefore = new WebhookSecretSealer(oldKey).seal(SECRET, "drv_a");
        WebhookSecretSealer rotated = new WebhookSecretSealer(newKey + "," + oldKey);
        assertEquals(SECRET, rotated.open(sealedBefore, "drv_a"));
        String sealedAfter = rotated.seal(SECRET, "drv_a");
        assertThrows(IllegalArgumentException.class, () -> new WebhookSecretSealer(oldKey).open(sealedAfter, "drv_a"));
    }

    @Test
    void aTamperedEnvelopeOrAWrongKeyIsRefused() {
        WebhookSecretSealer sealer = new WebhookSecretSealer(WebhookSecretSealer.generateKey());
        String sealed = sealer.seal(SECRET, "sub_1");
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThrows(IllegalArgumentException.class, () -> sealer.open(tampered, "sub_1"));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSecretSealer("c2hvcnQ="));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSecretSealer(""));
    }
}
