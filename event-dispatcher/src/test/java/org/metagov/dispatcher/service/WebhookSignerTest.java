package org.metagov.dispatcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void signsLikeTheStandardWebhooksReferenceExample() {
        // the example of the Standard Webhooks specification and its libraries' tests
        WebhookSigner signer = new WebhookSigner(Optional.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

        assertEquals(Optional.of("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
                signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    @Test
    void usesAPlainSecretAsItsUtf8Bytes() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("not-base64 secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder()
                .encodeToString(mac.doFinal("id-1.1700000000.{}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(Optional.of(expected),
                new WebhookSigner(Optional.of("not-base64 secret")).sign("id-1", 1700000000, "{}"));
    }

    @Test
    void signsNothingWithoutASecret() {
        assertTrue(new WebhookSigner(Optional.empty()).sign("id", 1, "{}").isEmpty());
        assertTrue(new WebhookSigner(Optional.of(" ")).sign("id", 1, "{}").isEmpty());
    }

    @Test
    void refusesAWhsecSecretThatIsNotBase64() {
        assertEquals("DRIVER_WEBHOOK_SECRET starts with whsec_ but the rest is not base64", assertThrows(
                IllegalArgumentException.class, () -> new WebhookSigner(Optional.of("whsec_%%%"))).getMessage());
    }
}
