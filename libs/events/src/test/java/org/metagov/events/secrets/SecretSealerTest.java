package org.metagov.events.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretSealerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aSealedSecretOpensOnlyForWhatItIsBoundTo() {
        SecretSealer sealer = new SecretSealer(SecretSealer.generateKey());
        String sealed = sealer.seal(SECRET, "sub_1");
        assertTrue(sealed.startsWith("mgs1."));
        assertFalse(sealed.contains("MfKQ9r8"), "no clear text in the envelope");
        assertEquals(SECRET, sealer.open(sealed, "sub_1"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> sealer.open(sealed, "sub_2"));
        assertFalse(other.getMessage().contains(SECRET));
    }

    @Test
    void aRotationOpensWhatTheOldKeySealedAndSealsWithTheNewOne() {
        String oldKey = SecretSealer.generateKey();
        String newKey = SecretSealer.generateKey();
        String sealedBefore = new SecretSealer(oldKey).seal(SECRET, "drv_a");
        SecretSealer rotated = new SecretSealer(newKey + "," + oldKey);
        assertEquals(SECRET, rotated.open(sealedBefore, "drv_a"));
        String sealedAfter = rotated.seal(SECRET, "drv_a");
        assertThrows(IllegalArgumentException.class, () -> new SecretSealer(oldKey).open(sealedAfter, "drv_a"));
    }

    @Test
    void aTamperedEnvelopeOrAWrongKeyIsRefused() {
        SecretSealer sealer = new SecretSealer(SecretSealer.generateKey());
        String sealed = sealer.seal(SECRET, "sub_1");
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThrows(IllegalArgumentException.class, () -> sealer.open(tampered, "sub_1"));
        assertThrows(IllegalArgumentException.class, () -> new SecretSealer("c2hvcnQ="));
        assertThrows(IllegalArgumentException.class, () -> new SecretSealer(""));
    }
}
