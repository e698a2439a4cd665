package org.metagov.events.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.metagov.events.EventJson;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.secrets.SecretEnvelope.UnopenableSecret;

class SecretEnvelopeTest {

    private static final String KEY_A = key(1);
    private static final String KEY_B = key(2);

    private static String key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aSealedSecretOpensToWhatWasSealedAndShowsNoneOfIt() {
        SecretKeys keys = SecretKeys.of(KEY_A, null);
        String sealed = SecretEnvelope.seal(keys, "{\"api_key\":\"ABC123\"}", "ctx");
        assertFalse(sealed.contains("ABC123"));
        assertTrue(sealed.startsWith("mgs1." + keys.currentId() + "."));
        assertEquals(keys.currentId(), SecretEnvelope.keyIdOf(sealed));
        assertEquals("{\"api_key\":\"ABC123\"}", SecretEnvelope.open(keys, sealed, "ctx"));
        assertNotEquals(sealed, SecretEnvelope.seal(keys, "{\"api_key\":\"ABC123\"}", "ctx"), "a fresh IV each time");
    }

    @Test
    void anotherKeyCannotOpenIt() {
        String sealed = SecretEnvelope.seal(SecretKeys.of(KEY_A, null), "s3cret", "ctx");
        UnopenableSecret e = assertThrows(UnopenableSecret.class,
                () -> SecretEnvelope.open(SecretKeys.of(KEY_B, null), sealed, "ctx"));
        assertEquals(SecretKeys.of(KEY_A, null).currentId(), e.keyId());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void aTamperedOrRelabelledOrMovedEnvelopeIsRefused() {
        SecretKeys keys = SecretKeys.of(KEY_A, KEY_B);
        String sealed = SecretEnvelope.seal(keys, "s3cret", "communities/a/plugins/1");
        String[] parts = sealed.split("\\.");
        byte[] data = Base64.getUrlDecoder().decode(parts[2]);
        data[data.length - 1] ^= 1;
        String flipped = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(data);
        assertThrows(UnopenableSecret.class, () -> SecretEnvelope.open(keys, flipped, "communities/a/plugins/1"));
        String relabelled = parts[0] + "." + SecretKeys.of(KEY_B, null).currentId() + "." + parts[2];
        assertThrows(UnopenableSecret.class, () -> SecretEnvelope.open(keys, relabelled, "communities/a/plugins/1"));
        assertThrows(UnopenableSecret.class, () -> SecretEnvelope.open(keys, sealed, "communities/b/plugins/1"));
        assertThrows(UnopenableSecret.class, () -> SecretEnvelope.open(keys, "mgs1.x", "c"));
        assertThrows(UnopenableSecret.class, () -> SecretEnvelope.open(keys, "mgs1." + parts[1] + ".AAAA", "c"));
    }

    @Test
    void duringARotationTheNewKeySealsAndTheOldOneStillOpens() {
        SecretKeys before = SecretKeys.of(KEY_A, null);
        String old = SecretEnvelope.seal(before, "s3cret", "ctx");
        SecretKeys rotating = SecretKeys.of(KEY_B, KEY_A);
        assertEquals("s3cret", SecretEnvelope.open(rotating, old, "ctx"));
        String renewed = SecretEnvelope.seal(rotating, "s3cret", "ctx");
        assertEquals(SecretKeys.of(KEY_B, null).currentId(), SecretEnvelope.keyIdOf(renewed));
        assertEquals(List.of(SecretKeys.of(KEY_B, null).currentId(), before.currentId()), rotating.ids());
        SecretKeys after = SecretKeys.of(KEY_B, "");
        assertEquals("s3cret", SecretEnvelope.open(after, renewed, "ctx"));
        assertThrows(UnopenableSecret.class, () -> SecretEnvelope.open(after, old, "ctx"), "old key retired");
    }

    @Test
    void aMissingOrMalformedKeyIsRefusedWithoutShowingIt() {
        assertThrows(IllegalArgumentException.class, () -> SecretKeys.of("", null));
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> SecretKeys.of("c2hvcnQta2V5", null));
        assertFalse(shortKey.getMessage().contains("c2hvcnQta2V5"));
        assertThrows(IllegalArgumentException.class, () -> SecretKeys.of(KEY_A, "not base64!"));
        assertFalse(SecretKeys.of(KEY_A, KEY_B).toString().contains(KEY_A));
    }

    @Test
    void pluginSecretsTravelSealedAndComeBackWhole() {
        SecretKeys keys = SecretKeys.of(KEY_A, null);
        ObjectNode config = EventJson.MAPPER.createObjectNode().put("api_key", "ABC123").put("webhook_slug", "s1");
        PluginInstanceState clear = new PluginInstanceState("id-1", "tutorial", config, 7, null);
        PluginInstanceState sealed = PluginSecrets.seal("c1", clear, List.of("api_key"), keys);
        assertFalse(EventJson.write(sealed).contains("ABC123"));
        assertEquals("s1", sealed.config().path("webhook_slug").asText());
        assertEquals(clear, PluginSecrets.open("c1", sealed, keys));
        PluginInstanceState unknownSchema = PluginSecrets.seal("c1", clear, null, keys);
        assertTrue(unknownSchema.config().isEmpty());
        assertEquals(clear, PluginSecrets.open("c1", unknownSchema, keys));
        assertThrows(UnopenableSecret.class, () -> PluginSecrets.open("c2", sealed, keys));
        PluginInstanceState none = new PluginInstanceState("id-2", "tutorial",
                EventJson.MAPPER.createObjectNode().put("webhook_slug", "s2"), 1, null);
        assertNull(PluginSecrets.seal("c1", none, List.of("api_key"), keys).sealedSecrets());
        assertEquals(clear, PluginSecrets.open("c1", clear, keys), "a record written before sealing is as it was");
    }
}
