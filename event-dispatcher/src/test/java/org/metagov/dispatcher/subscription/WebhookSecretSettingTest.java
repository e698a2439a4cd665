package org.metagov.dispatcher.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** DRIVER_WEBHOOK_SECRET as local-default signs with it. */
class WebhookSecretSettingTest {

    @Test
    void signsLikeTheStandardWebhooksReferenceExample() {
        // the example of the Standard Webhooks specification and its libraries' tests
        var signer = ConfiguredSubscriptions.signer(Optional.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

        assertEquals(Optional.of("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
                signer.map(s -> s.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}")));
    }

    @Test
    void usesAPlainSecretAsItsUtf8Bytes() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("not-base64 secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder()
                .encodeToString(mac.doFinal("id-1.1700000000.{}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(Optional.of(expected),
                ConfiguredSubscriptions.signer(Optional.of("not-base64 secret")).map(s -> s.sign("id-1", 1700000000, "{}")));
    }

    @Test
    void signsNothingWithoutASecret() {
        assertTrue(ConfiguredSubscriptions.signer(Optional.empty()).isEmpty());
        assertTrue(ConfiguredSubscriptions.signer(Optional.of(" ")).isEmpty());
    }

    @Test
    void refusesAWhsecSecretThatIsNotBase64() {
        assertEquals("DRIVER_WEBHOOK_SECRET starts with whsec_ but the rest is not base64", assertThrows(
                IllegalArgumentException.class, () -> ConfiguredSubscriptions.signer(Optional.of("whsec_%%%"))).getMessage());
    }
}
